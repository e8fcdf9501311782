/**
 * Errors a command raises for a person to act on. Routes turn them into 4xx answers; anything else is a
 * bug and becomes a 500 without details.
 */
export type FieldErrors = Record<string, string>;
/** One problem of a refused file or document, located by file and line or by path. */
export type Problem = { file?: string; line?: number; path?: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly code: 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'refused' | 'locked' | 'busy',
    message: string,
    readonly fieldErrors: FieldErrors = {},
    /** Every bad row or path of a refused file or document. */
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, refused: 422, locked: 423, busy: 429 }[this.code];
  }
}

export const invalid = (message: string, fieldErrors: FieldErrors = {}) => new DomainError('invalid', message, fieldErrors);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const notFound = (message: string) => new DomainError('not_found', message);
/** Someone else changed the thing first: nothing was written; reload and try again. */
export const conflict = (message: string) => new DomainError('conflict', message);
/** The workflow does not allow this event now; the message says why. */
export const refused = (message: string) => new DomainError('refused', message);
