import { href, Link } from 'react-router';

/** The RAID items that link to this requirement, deliverable or defect (the other end of their links). */
export function LinkedRaidItems({
  projectId,
  items,
}: {
  projectId: number;
  items: { id: number; key: string; title: string; typeLabel: string; status: string }[];
}) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="raid-links">
      <h2 id="raid-links">RAID items linked here</h2>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            {i.typeLabel} <Link to={href('/projects/:projectId/raid/:itemId', { projectId: String(projectId), itemId: String(i.id) })}>{i.key}</Link> {i.title}
            {i.status === 'closed' && <span className="muted"> (closed)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
