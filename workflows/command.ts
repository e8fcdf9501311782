import type { z } from 'zod';
import type { DB, Tx } from '~/db/client';
import { dayOf, nowOf } from './clock';
import { type DomainError, type FieldErrors, invalid } from './errors';
import type { Actor } from './policy/roles';

/**
 * The one input boundary of the domain. A command is a zod schema plus a handler: the input is parsed
 * whole (every problem becomes a field error named by its path, `invalid`), then the handler runs in
 * one IMMEDIATE transaction. Routes hand over the form as a plain object; nothing is cast.
 */

/** What every command receives: the database, who is acting, and (for replayed history) when. */
export type CommandContext = { db: DB; actor: Actor; now?: Date };

/** What a handler works with inside its transaction. */
export type Step = { tx: Tx; db: DB; actor: Actor; at: Date /** The calendar day it happens on (see `today`). */; day: string };

/**
 * A form posted by a browser as `formObject` reads it (repeated names become arrays), with ids from the
 * URL added: plain data whose every field the schema checks, so no caller casts to a typed input.
 */
export type FormFields = Readonly<Record<string, unknown>>;

/**
 * Commands write in an IMMEDIATE transaction: the write lock is taken before anything is read, so two
 * processes acting at once are serialised instead of one failing with SQLITE_BUSY halfway.
 */
export const immediate = { behavior: 'immediate' } as const;

/**
 * Returned by a handler whose refusal must itself be recorded (a wrong signing password, a failed
 * sign-in): the transaction commits what the handler wrote (its audit row), then the error is thrown.
 */
export class RefuseAfterCommit {
  constructor(readonly error: DomainError) {}
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** Parses a command's whole input; a refusal names every field that is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid('Check the highlighted fields.', fieldErrorsOf(parsed.error));
  return parsed.data;
}

function inTransaction<R>(ctx: CommandContext, handle: (step: Step) => R | RefuseAfterCommit): R {
  const at = nowOf(ctx.now);
  const result = ctx.db.transaction((tx) => handle({ tx, db: ctx.db, actor: ctx.actor, at, day: dayOf(ctx.now) }), immediate);
  if (result instanceof RefuseAfterCommit) throw result.error;
  return result;
}

type Definition<S extends z.ZodType, R> = {
  input: S;
  /** Who may run it at all, before the input is read (admin-only commands); project rights are checked in the handler. */
  authorize?: (actor: Actor) => void;
  handle: (step: Step, input: z.output<S>) => R | RefuseAfterCommit;
  /** Work outside the database once the transaction committed (anchoring the audit chain's head). */
  afterCommit?: (ctx: CommandContext) => void;
};

/** A synchronous command: parse, then one transaction. */
export function defineCommand<S extends z.ZodType, R>(def: Definition<S, R>) {
  return (ctx: CommandContext, input: z.input<S> | FormFields): R => {
    def.authorize?.(ctx.actor);
    const data = parseInput(def.input, input);
    const result = inTransaction(ctx, (step) => def.handle(step, data));
    def.afterCommit?.(ctx);
    return result;
  };
}

/** A command with slow work before its transaction (hashing or checking a password), passed to the handler. */
export function defineAsyncCommand<S extends z.ZodType, P, R>(
  def: Omit<Definition<S, R>, 'handle'> & {
    prepare: (ctx: CommandContext, input: z.output<S>) => Promise<P>;
    handle: (step: Step, input: z.output<S>, prepared: P) => R | RefuseAfterCommit;
  },
) {
  return async (ctx: CommandContext, input: z.input<S> | FormFields): Promise<R> => {
    def.authorize?.(ctx.actor);
    const data = parseInput(def.input, input);
    const prepared = await def.prepare(ctx, data);
    const result = inTransaction(ctx, (step) => def.handle(step, data, prepared));
    def.afterCommit?.(ctx);
    return result;
  };
}
