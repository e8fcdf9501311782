const labels = { better: 'Better', within: 'Within tolerance', worse: 'Worse' } as const;

/** A KPI's verdict against its target or baseline, in words (never by colour alone). */
export function VerdictBadge({ verdict }: { verdict: 'better' | 'within' | 'worse' | null }) {
  if (!verdict) return <span className="muted">—</span>;
  return <span className={`badge verdict-${verdict}`}>{labels[verdict]}</span>;
}
