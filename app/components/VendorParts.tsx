import { Form, href, useNavigation } from 'react-router';
import { money } from '~/workflows/format/money';
import type { Column } from './DataTable';

/** Pieces shared by the vendors page and a contract's page. */

export type MilestoneRow = {
  id: number;
  name: string;
  amount: string;
  dueDate: string;
  releasedAt: string | null;
  releasable: boolean;
  waitingOn: string[];
  deliverables: { key: string }[];
};
export type DeliverableRow = {
  id: number;
  key: string;
  title: string;
  contract: string;
  firm: string;
  phaseKey: string;
  dueDate: string;
  stateLabel: string;
  overdue: boolean;
  reviewer: string;
};

export function MilestoneList({ milestones, currency, manage }: { milestones: MilestoneRow[]; currency: string; manage: boolean }) {
  const busy = useNavigation().state !== 'idle';
  if (milestones.length === 0) return <p className="muted">No payment milestone.</p>;
  return (
    <ul className="milestones">
      {milestones.map((m) => (
        <li key={m.id} data-testid={`milestone-${m.id}`}>
          <strong>{m.name}</strong>: {money(m.amount)} {currency}, due {m.dueDate}, on {m.deliverables.map((d) => d.key).join(', ')} ·{' '}
          {m.releasedAt ? (
            <span className="badge ok">Released {m.releasedAt.slice(0, 10)}</span>
          ) : m.releasable ? (
            <span className="badge ok">Releasable</span>
          ) : (
            <span className="badge">Waits on {m.waitingOn.join(', ')}</span>
          )}
          {manage && m.releasable && (
            <Form
              method="post"
              className="inline-form"
              onSubmit={(e) => {
                // A release is recorded for good (the payment goes out): ask once more.
                if (!window.confirm(`Record the release of ${m.name} (${money(m.amount)} ${currency})? It cannot be undone.`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="release" />
              <input type="hidden" name="milestoneId" value={m.id} />
              <button type="submit" disabled={busy}>
                Record the release
              </button>
            </Form>
          )}
        </li>
      ))}
    </ul>
  );
}

export function deliverableColumns(projectId: string): Column<DeliverableRow>[] {
  return [
    {
      id: 'key',
      nowrap: true,
      header: 'Deliverable',
      value: (r) => r.key,
      link: (r) => href('/projects/:projectId/deliverables/:deliverableId', { projectId, deliverableId: String(r.id) }),
    },
    { id: 'title', header: 'Title', value: (r) => r.title },
    { id: 'contract', header: 'Contract', value: (r) => r.contract, filter: 'select' },
    { id: 'firm', header: 'Vendor', value: (r) => r.firm, filter: 'select' },
    { id: 'phase', header: 'Phase', value: (r) => r.phaseKey, filter: 'select' },
    { id: 'due', header: 'Due', nowrap: true, value: (r) => r.dueDate },
    { id: 'state', header: 'State', value: (r) => r.stateLabel, filter: 'select' },
    { id: 'overdue', header: 'Overdue', value: (r) => (r.overdue ? 'Overdue' : ''), filter: 'select' },
    { id: 'reviewer', header: 'Reviewer', value: (r) => r.reviewer },
  ];
}
