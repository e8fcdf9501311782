/** The errors a refused form's action returned, by field name (none when the action succeeded or has not run). */
export function fieldErrorsOf(actionData: unknown): Record<string, string> {
  if (actionData && typeof actionData === 'object' && 'fieldErrors' in actionData) return (actionData.fieldErrors ?? {}) as Record<string, string>;
  return {};
}
