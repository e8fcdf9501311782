import { useId } from 'react';

/**
 * The meaning of a content signature (a requirement, a variance report): only the meanings the signer's
 * function on the project allows are offered (workflows/policy/functions.ts); the server refuses others.
 */
export function MeaningField({ meanings, yourFunction, error }: { meanings: readonly string[]; yourFunction: string | null; error?: string }) {
  const id = useId();
  const hint = yourFunction
    ? `Your function on this project is ${yourFunction}: these are the meanings it allows. The project manager sets functions on the members page.`
    : 'You have no function on this project: the project manager sets functions on the members page.';
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>Meaning of your signature</label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      <select id={id} name="meaning" defaultValue="" aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        <option value="">Choose…</option>
        {meanings.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
