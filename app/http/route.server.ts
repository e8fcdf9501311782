import { data } from 'react-router';
import { DomainError, type Problem } from '~/workflows/errors';

export type ActionError = { error: string; fieldErrors: Record<string, string>; problems: Problem[] };

/** Turns a command's refusal into a 4xx the page can show next to the fields; anything else is a bug. */
export function failure(error: unknown) {
  if (error instanceof DomainError)
    return data<ActionError>({ error: error.message, fieldErrors: error.fieldErrors, problems: error.problems }, { status: error.status });
  throw error;
}

/** A request that cannot even reach a command (no file chosen): 400 with the reason. */
export const badRequest = (error: string) => data<ActionError>({ error, fieldErrors: {}, problems: [] }, { status: 400 });

/** Loaders: a refusal becomes an error response the error boundary shows (404, 403...). */
export function orThrowResponse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainError) throw data(error.message, { status: error.status });
    throw error;
  }
}

export function idParam(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw data('Not found', { status: 404 });
  return n;
}

/** Form fields as a plain object (repeated names become arrays). */
export function formObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
