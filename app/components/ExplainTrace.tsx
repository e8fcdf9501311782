import { grouped } from '~/workflows/format/money';

/** The engine's explain trace of one payout line, as the engine writes it (engine/trace.ts), read from JSON. */
export type TraceCalc = { op: string; args: string[]; result: string };
export type TraceStep = { text: string; calc?: TraceCalc; delta?: string };
export type Trace = { rule?: string; inputs?: unknown; steps?: TraceStep[] };

/** A step's exact arithmetic, e.g. "2000000 x 0.4 = 800000" (shown after the step's words). */
export function arithmetic(c: TraceCalc): string {
  return `${expression(c)} = ${c.result}`;
}

function expression(c: TraceCalc): string {
  const [x = '', y = ''] = c.args;
  switch (c.op) {
    case 'add':
      return c.args.join(' + ');
    case 'sub':
      return `${x} - ${y}`;
    case 'mul':
      return c.args.join(' x ');
    case 'div':
      return `${x} / ${y}`;
    case 'round_half_up':
      return `${x} rounded half up to ${y} decimals`;
    case 'round_half_even':
      return `${x} rounded half even to ${y} decimals`;
    default:
      return `${c.op}(${c.args.join(', ')})`;
  }
}

/** The inputs a trace names (credit, quota ...), when it names them as words and values. */
function inputsOf(trace: Trace): [string, string][] {
  if (!trace.inputs || typeof trace.inputs !== 'object') return [];
  return Object.entries(trace.inputs as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/**
 * One line's explain trace: the rule applied (the summary of a disclosure a keyboard opens with
 * Enter or Space), optionally the inputs it used, then each step in words with its arithmetic.
 */
export function ExplainTrace({ trace, open, showInputs = false }: { trace: Trace; open?: boolean; showInputs?: boolean }) {
  const inputs = showInputs ? inputsOf(trace) : [];
  return (
    <details open={open}>
      <summary>{trace.rule ?? 'Explain trace'}</summary>
      {inputs.length > 0 && (
        <dl className="explain-inputs">
          {inputs.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd className="num">{/^-?\d+(\.\d+)?$/.test(value) ? grouped(value) : value}</dd>
            </div>
          ))}
        </dl>
      )}
      <ol className="explain">
        {(trace.steps ?? []).map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: trace steps are ordered and have no id.
          <li key={i}>
            {s.text}
            {s.calc && (
              <>
                {' '}
                <code className="muted">{arithmetic(s.calc)}</code>
              </>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
