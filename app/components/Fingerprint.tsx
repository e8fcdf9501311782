/**
 * A content fingerprint as a reader needs it: its first 12 characters to recognise it, the whole value
 * one click away (a signer compares it with a record; nobody reads 64 characters to start a page).
 */
export function Fingerprint({ value, label = 'Fingerprint' }: { value: string; label?: string }) {
  return (
    <details className="fingerprint">
      <summary>
        {label} {value.slice(0, 12)}…
      </summary>
      <code>{value}</code>
    </details>
  );
}
