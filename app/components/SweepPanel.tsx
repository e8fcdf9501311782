import { type FormEvent, useId, useState } from 'react';
import { href } from 'react-router';
import { money } from '~/workflows/format/money';
import { FieldError } from './Field';
import { SweepChart } from './SweepChart';

export type SweepVariableChoice = { id: string; label: string; current: string; unit: 'fraction' | 'amount' | 'percent' | 'factor' };
type Step =
  | { value: string; ok: true; currency: string; totalCost: string; creditedRevenue: string; costOfSales: string | null }
  | { value: string; ok: false; problems: string[] };
type Started = { label: string; unit: SweepVariableChoice['unit']; values: string[] };

const unitHint: Record<SweepVariableChoice['unit'], string> = {
  fraction: 'a fraction: 0.03 = 3 %',
  amount: 'an amount',
  percent: 'a percentage change: 10 = +10 %',
  factor: 'a factor: 1.1 = +10 %',
};

/**
 * Sensitivity: one variable of the scenario stepped over a range. The sweep is checked and recorded
 * first, then each step runs on its own request (a full engine run in the worker thread), with a
 * progress bar, the table and the charts filling in as the steps come back.
 */
export function SweepPanel({ projectId, scenarioId, variables }: { projectId: string; scenarioId: string; variables: SweepVariableChoice[] }) {
  const id = useId();
  const [variable, setVariable] = useState(variables[0]?.id ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sweep, setSweep] = useState<Started | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [running, setRunning] = useState(false);
  const chosen = variables.find((v) => v.id === variable);
  const url = href('/projects/:projectId/modeling/scenarios/:scenarioId/sweep', { projectId, scenarioId });

  const run = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setErrors({});
    setMessage(null);
    setSteps([]);
    setRunning(true);
    try {
      const started = await fetch(url, { method: 'POST', body: form });
      const body = (await started.json()) as Started & { error?: string; fieldErrors?: Record<string, string> };
      if (!started.ok) {
        setErrors(body.fieldErrors ?? {});
        setMessage(body.error ?? 'The sweep could not start.');
        setSweep(null);
        return;
      }
      setSweep(body);
      const done: Step[] = [];
      for (let i = 0; i < body.values.length; i++) {
        const one = new FormData();
        for (const [k, v] of form.entries()) one.append(k, v);
        one.append('step', String(i));
        const res = await fetch(url, { method: 'POST', body: one });
        const step = (await res.json()) as Step & { error?: string };
        if (!res.ok) {
          setMessage(step.error ?? `Step ${i + 1} failed.`);
          return;
        }
        done.push(step);
        setSteps([...done]);
      }
    } catch {
      setMessage('The portal could not be reached; the steps computed so far are shown.');
    } finally {
      setRunning(false);
    }
  };

  if (variables.length === 0) return <p className="empty">This scenario’s plan does not validate, so it has nothing to sweep.</p>;
  const computed = steps.filter((s): s is Extract<Step, { ok: true }> => s.ok);
  return (
    <div className="card">
      <form className="form inline-form" onSubmit={run} noValidate>
        <div className={`field${errors.variable ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-variable`}>Vary</label>
          <select
            id={`${id}-variable`}
            name="variable"
            value={variable}
            onChange={(e) => setVariable(e.target.value)}
            aria-invalid={errors.variable ? true : undefined}
            aria-describedby={errors.variable ? `${id}-variable-error` : undefined}
          >
            {variables.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label} (now {v.current})
              </option>
            ))}
          </select>
          <FieldError id={`${id}-variable-error`} error={errors.variable} />
        </div>
        {(
          [
            ['from', 'From', 'decimal', 10, undefined],
            ['to', 'To', 'decimal', 10, undefined],
            ['steps', 'Steps', 'numeric', 4, '7'],
          ] as const
        ).map(([f, label, mode, size, initial]) => (
          <div key={f} className={`field${errors[f] ? ' has-error' : ''}`}>
            <label htmlFor={`${id}-${f}`}>{label}</label>
            <input
              id={`${id}-${f}`}
              name={f}
              inputMode={mode}
              size={size}
              defaultValue={initial}
              aria-invalid={errors[f] ? true : undefined}
              aria-describedby={errors[f] ? `${id}-${f}-error` : undefined}
            />
            <FieldError id={`${id}-${f}-error`} error={errors[f]} />
          </div>
        ))}
        <button type="submit" disabled={running}>
          Run the sweep
        </button>
      </form>
      {chosen && <p className="hint">Write the values as {unitHint[chosen.unit]}. Both ends are included; each step is a full engine run on the dataset.</p>}
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      {sweep && (
        <>
          <div role="status" aria-live="polite">
            <progress max={sweep.values.length} value={steps.length} aria-label="Sweep steps computed" /> {steps.length} of {sweep.values.length} steps computed
            {running && steps.length < sweep.values.length ? ` (running ${sweep.values[steps.length]})` : ''}
          </div>
          <div className="side-by-side">
            <SweepChart
              title={`Total incentive cost against ${sweep.label}`}
              xLabel={sweep.label}
              yLabel={`Total cost${computed[0] ? ` (${computed[0].currency})` : ''}`}
              values={sweep.values}
              points={steps.map((s) => ({ value: s.value, y: s.ok ? s.totalCost : null }))}
            />
            <SweepChart
              title={`Cost of sales against ${sweep.label}`}
              xLabel={sweep.label}
              yLabel="Cost of sales (%)"
              values={sweep.values}
              points={steps.map((s) => ({ value: s.value, y: s.ok ? s.costOfSales : null }))}
            />
          </div>
          <table>
            <caption>The sweep’s steps: {sweep.label}</caption>
            <thead>
              <tr>
                <th scope="col">{sweep.label}</th>
                <th scope="col">Total incentive cost</th>
                <th scope="col">Credited revenue</th>
                <th scope="col">Cost of sales (%)</th>
              </tr>
            </thead>
            <tbody>
              {sweep.values.map((v, i) => {
                const s = steps[i];
                return (
                  <tr key={v}>
                    <th scope="row">{v}</th>
                    {!s && (
                      <td colSpan={3} className="muted">
                        {running ? 'waiting' : 'not run'}
                      </td>
                    )}
                    {s && !s.ok && <td colSpan={3}>The engine refused this step: {s.problems.join(' ')}</td>}
                    {s?.ok && (
                      <>
                        <td className="num">{money(s.totalCost)}</td>
                        <td className="num">{money(s.creditedRevenue)}</td>
                        <td className="num">{s.costOfSales ?? '—'}</td>
                      </>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
