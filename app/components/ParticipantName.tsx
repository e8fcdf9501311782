/**
 * A participant as people know them: the name the dataset gives, with the id beside it in small type;
 * the id alone when the dataset names no one.
 */
export function ParticipantName({ id, names }: { id: string; names: Record<string, string> }) {
  const name = names[id];
  if (!name) return <>{id}</>;
  return (
    <>
      {name} <span className="muted">({id})</span>
    </>
  );
}
