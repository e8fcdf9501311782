import { href, NavLink } from 'react-router';
import { type RecoveryRating, type RecoveryState, recoveryRatingLabels, recoveryStateLabels } from '~/workflows/machines/recovery';

const ragOf: Record<RecoveryRating, string> = { onTrack: 'green', atRisk: 'amber', inJeopardy: 'red' };

/** An area's rating, in the colours of the project status (on track green, at risk amber, in jeopardy red). */
export function RatingBadge({ rating }: { rating: string }) {
  return <span className={`badge rag-${ragOf[rating as RecoveryRating] ?? 'none'}`}>{recoveryRatingLabels[rating as RecoveryRating] ?? rating}</span>;
}

export function RecoveryBadge({ state }: { state: string }) {
  return <span className={`badge recovery-${state}`}>{recoveryStateLabels[state as RecoveryState] ?? state}</span>;
}

/** The recovery's pages, one after the other as the work goes. */
export function RecoveryNav({ projectId }: { projectId: number }) {
  const p = { projectId: String(projectId) };
  return (
    <nav className="no-print" aria-label="Recovery">
      <NavLink end to={href('/projects/:projectId/recovery', p)}>
        Assessment
      </NavLink>{' '}
      · <NavLink to={href('/projects/:projectId/recovery/presentation', p)}>Leadership presentation</NavLink> ·{' '}
      <NavLink to={href('/projects/:projectId/recovery/plan', p)}>Corrective plan</NavLink> ·{' '}
      <NavLink to={href('/projects/:projectId/recovery/turnaround', p)}>Turnaround</NavLink>
    </nav>
  );
}
