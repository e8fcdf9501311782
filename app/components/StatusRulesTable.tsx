import type { RuleResult } from '~/workflows/status/rules';

/** The status rules with their figures, thresholds and colours (the project page and every status report). */
export function StatusRulesTable({ rules, caption }: { rules: RuleResult[]; caption: string }) {
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Figure</th>
          <th scope="col">Amber from</th>
          <th scope="col">Red from</th>
          <th scope="col">Colour</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.label}</th>
            <td>
              {r.shown}
              {r.detail && <span className="muted"> ({r.detail})</span>}
            </td>
            <td className="num">{r.threshold.amber || 'off'}</td>
            <td className="num">{r.threshold.red || 'off'}</td>
            <td>
              <span className={`badge rag-${r.colour}`}>{r.colour}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
