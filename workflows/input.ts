import { z } from 'zod';

/**
 * Field schemas that read the same value from a typed call and from a posted form (where everything is
 * a string, a checkbox is "on" or absent, and a repeated name is an array).
 */

/** A record id: a positive whole number, from a number or its digits. */
export const id = (message = 'Choose one from the list.') =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number(message).int(message).positive(message));

/** A record id chosen in a list that may be left empty (no one, nothing): null then. */
export const optionalId = (message = 'Choose one from the list.') =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), id(message).nullable()).default(null);

/** An optional whole number >= 0 (an expected version), absent when the form leaves it empty. */
export const optionalVersion = () =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number('Reload the page and try again.').int().min(0).optional(),
  );

/**
 * The version of a workflow instance the person's page was rendered from (a signature, a decision):
 * required, so what they act on is what they saw; a form that does not send it is refused.
 */
export const version = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number('Reload the page and try again.').int('Reload the page and try again.').min(0, 'Reload the page and try again.'),
  );

/** The content fingerprint a signer's page showed (a requirement, a gate review, a variance report): required. */
export const shownFingerprint = () => z.string('Reload the page and try again.').min(1, 'Reload the page and try again.').max(100);

/** A checkbox: true, "on" or "true" is ticked; anything else (absent) is not. */
export const checkbox = () => z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(false);

/** One value or several, always read as a list (a form sends a single choice as a plain string). */
export const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** Trimmed text with a length limit; `min` characters when given, with the message a person reads. */
export const text = (opts: { max: number; min?: number; message?: string }) => {
  const base = z
    .string()
    .trim()
    .max(opts.max, `Keep it under ${opts.max.toLocaleString('en-US')} characters.`);
  return opts.min ? base.min(opts.min, opts.message ?? `Write at least ${opts.min} characters.`) : base;
};

/** A day as YYYY-MM-DD. */
export const isoDate = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.');

/** A non-negative amount written with a point, at most `decimals` places (a tolerance, a threshold). */
export const amount = (opts: { digits: number; decimals: number; message: string }) =>
  z
    .string()
    .trim()
    .transform((v) => v || '0')
    .pipe(z.string().regex(new RegExp(`^\\d{1,${opts.digits}}(\\.\\d{1,${opts.decimals}})?$`), opts.message));

/** A structured field a form posts as JSON text (worked examples); unreadable JSON fails the schema. */
export const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return Symbol.for('unreadable JSON');
    }
  }, schema);

/** A defect's severity: 1 (critical) to 4 (minor). */
export const severity = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number('Severity is 1 (critical) to 4 (minor).')
      .int('Severity is 1 (critical) to 4 (minor).')
      .min(1, 'Severity is 1 (critical) to 4 (minor).')
      .max(4, 'Severity is 1 (critical) to 4 (minor).'),
  );
