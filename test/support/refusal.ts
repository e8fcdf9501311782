import { DomainError } from '~/workflows/errors';

/** Runs a command that must be refused and returns the refusal (fails the test if it is not). */
export async function refusal(f: (() => unknown) | Promise<unknown>): Promise<DomainError> {
  try {
    await (typeof f === 'function' ? f() : f);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
