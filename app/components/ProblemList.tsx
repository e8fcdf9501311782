/** Every problem of a refused file or document, by where it is (file and line, or path). */
export function ProblemList({ problems }: { problems: { file?: string; line?: number; path?: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="field-error import-problems">
      {problems.map((p) => (
        <li key={`${p.file ?? ''}-${p.line ?? ''}-${p.path ?? ''}-${p.message}`}>
          {p.path !== undefined ? <code>{p.path}</code> : p.file ? `${p.file}${p.line ? ` line ${p.line}` : ''}` : `Line ${p.line}`}: {p.message}
        </li>
      ))}
    </ul>
  );
}
