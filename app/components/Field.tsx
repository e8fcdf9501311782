import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

/**
 * A date typed as the portal shows every date, YYYY-MM-DD: a browser's date picker shows the reader's locale
 * (11/30/2026 in one, 30.11.2026 in another) beside the ISO dates on every page. The server checks the value.
 */
export const isoDateProps = {
  type: 'text',
  inputMode: 'numeric',
  pattern: '\\d{4}-\\d{2}-\\d{2}',
  placeholder: 'YYYY-MM-DD',
  maxLength: 10,
  autoComplete: 'off',
  title: 'A date as YYYY-MM-DD',
} as const;

/** A labelled input with its error next to it, announced to screen readers; type "date" takes an ISO date. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; name: string; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} {...(input.type === 'date' ? isoDateProps : {})} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}
