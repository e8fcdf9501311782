import type { planSummary } from '~/workflows/testing/plan-summary';

/** A plan version in words: its facts, measures and components, as the plan page, a version's page and the plan document show it. */
export function PlanInWords({ summary, headingLevel = 2 }: { summary: ReturnType<typeof planSummary>; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as 'h3' | 'h4';
  return (
    <>
      {summary.facts.map((f) => (
        <p key={f}>{f}</p>
      ))}
      <Heading>Measures</Heading>
      <ul>
        {summary.measures.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <Heading>Components</Heading>
      {summary.components.map((c) => (
        <section key={c.id} className="card">
          <Sub>
            {c.name}{' '}
            <span className="muted">
              ({c.id}, {c.type})
            </span>
          </Sub>
          <ul>
            {c.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
