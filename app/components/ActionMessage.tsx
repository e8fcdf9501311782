/** The outcome of the last form post: a confirmation, or the refusal with its reason. */
export function ActionMessage({ result }: { result: { ok: string } | { error: string } | null | undefined | object }) {
  if (result && 'ok' in result && typeof result.ok === 'string')
    return (
      <p className="notice" role="status">
        {result.ok}
      </p>
    );
  if (result && 'error' in result && typeof result.error === 'string')
    return (
      <p className="form-error" role="alert">
        {result.error}
      </p>
    );
  return null;
}
