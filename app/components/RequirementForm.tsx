import { useState } from 'react';
import { Form } from 'react-router';
import { requirementCategories, requirementPriorities, type WorkedExample } from '~/db/queries/vocabulary';
import { Field } from './Field';

export type RequirementDraft = {
  title: string;
  description: string;
  category: string;
  priority: string;
  ownerId: number | '';
  phaseKey: string;
  acceptanceCriteria: string[];
  examples: WorkedExample[];
};

const emptyExample = (): WorkedExample => ({ name: '', inputs: [{ label: '', value: '' }], expected: [{ component: '', amount: '' }] });

/** Writes or edits a requirement: content fields, acceptance criteria (one per line), worked examples. */
export function RequirementForm(props: {
  initial: RequirementDraft;
  owners: { userId: number; name: string }[];
  phases: { key: string; name: string }[];
  errors: Record<string, string>;
  error?: string;
  submitLabel: string;
  /** Extra hidden fields (e.g. the fingerprint an edit started from). */
  hidden?: Record<string, string>;
}) {
  const { initial, errors } = props;
  const [examples, setExamples] = useState<WorkedExample[]>(initial.examples);
  const update = (i: number, f: (e: WorkedExample) => WorkedExample) => setExamples((all) => all.map((e, j) => (j === i ? f(e) : e)));
  const exampleErrors = Object.entries(errors).filter(([k]) => k.startsWith('examples'));
  const select = (name: keyof RequirementDraft, label: string, options: { value: string | number; label: string }[]) => (
    <div className={`field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={String(initial[name] ?? '')} aria-invalid={errors[name] ? true : undefined}>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors[name] && <p className="field-error">{errors[name]}</p>}
    </div>
  );
  return (
    <Form method="post" className="card form" noValidate>
      {props.error && (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      )}
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field label="Title" name="title" defaultValue={initial.title} required error={errors.title} />
      <div className={`field${errors.description ? ' has-error' : ''}`}>
        <label htmlFor="description">Description</label>
        <p className="hint" id="description-hint">
          Plain text; blank lines separate paragraphs, lines starting with “- ” make a list, **bold** and *italic* work.
        </p>
        <textarea id="description" name="description" rows={6} defaultValue={initial.description} aria-describedby="description-hint" />
        {errors.description && <p className="field-error">{errors.description}</p>}
      </div>
      {select(
        'category',
        'Category',
        requirementCategories.map((c) => ({ value: c, label: c })),
      )}
      {select(
        'priority',
        'Priority',
        requirementPriorities.map((c) => ({ value: c, label: c })),
      )}
      {select(
        'ownerId',
        'Owner (a stakeholder)',
        props.owners.map((o) => ({ value: o.userId, label: o.name })),
      )}
      {select(
        'phaseKey',
        'Phase',
        props.phases.map((p) => ({ value: p.key, label: p.name })),
      )}
      <div className={`field${errors.acceptanceCriteria ? ' has-error' : ''}`}>
        <label htmlFor="acceptanceCriteria">Acceptance criteria (one per line)</label>
        <textarea id="acceptanceCriteria" name="acceptanceCriteria" rows={4} defaultValue={initial.acceptanceCriteria.join('\n')} />
        {errors.acceptanceCriteria && <p className="field-error">{errors.acceptanceCriteria}</p>}
      </div>
      <fieldset className="examples">
        <legend>Worked payout examples</legend>
        <p className="hint">The exact numbers a participant would be paid. They are part of what stakeholders sign.</p>
        <input type="hidden" name="examples" value={JSON.stringify(examples)} />
        {examples.map((ex, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: examples are edited in place by position.
          <div key={i} className="card">
            <label>
              Example name
              <input type="text" aria-label={`Example ${i + 1} name`} value={ex.name} onChange={(e) => update(i, (x) => ({ ...x, name: e.target.value }))} />
            </label>
            <table>
              <caption>Inputs</caption>
              <tbody>
                {ex.inputs.map((input, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position.
                  <tr key={j}>
                    <td>
                      <input
                        type="text"
                        aria-label={`Example ${i + 1} input ${j + 1} label`}
                        placeholder="e.g. quarterly quota"
                        value={input.label}
                        onChange={(e) => update(i, (x) => ({ ...x, inputs: x.inputs.map((r, k) => (k === j ? { ...r, label: e.target.value } : r)) }))}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        aria-label={`Example ${i + 1} input ${j + 1} value`}
                        placeholder="e.g. 1000000.00"
                        value={input.value}
                        onChange={(e) => update(i, (x) => ({ ...x, inputs: x.inputs.map((r, k) => (k === j ? { ...r, value: e.target.value } : r)) }))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" className="small" onClick={() => update(i, (x) => ({ ...x, inputs: [...x.inputs, { label: '', value: '' }] }))}>
              Add input
            </button>
            <table>
              <caption>Expected payout per component</caption>
              <tbody>
                {ex.expected.map((line, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position.
                  <tr key={j}>
                    <td>
                      <input
                        type="text"
                        aria-label={`Example ${i + 1} component ${j + 1}`}
                        placeholder="component"
                        value={line.component}
                        onChange={(e) => update(i, (x) => ({ ...x, expected: x.expected.map((r, k) => (k === j ? { ...r, component: e.target.value } : r)) }))}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        inputMode="decimal"
                        aria-label={`Example ${i + 1} amount ${j + 1}`}
                        placeholder="0.00"
                        value={line.amount}
                        onChange={(e) => update(i, (x) => ({ ...x, expected: x.expected.map((r, k) => (k === j ? { ...r, amount: e.target.value } : r)) }))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" className="small" onClick={() => update(i, (x) => ({ ...x, expected: [...x.expected, { component: '', amount: '' }] }))}>
              Add component
            </button>{' '}
            <button type="button" className="small danger" onClick={() => setExamples((all) => all.filter((_, j) => j !== i))}>
              Remove example
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setExamples((all) => [...all, emptyExample()])}>
          Add worked example
        </button>
        {exampleErrors.length > 0 && (
          <ul className="field-error">
            {exampleErrors.map(([k, m]) => (
              <li key={k}>
                {k.replace(/^examples\.(\d+)/, (_, n) => `Example ${Number(n) + 1}`).replace(/\.(\d+)/g, (_, n) => ` row ${Number(n) + 1}`)}: {m}
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <button type="submit" className="primary">
        {props.submitLabel}
      </button>
    </Form>
  );
}

/** Reads the form the component posts into the fields the commands validate (examples stay JSON text). */
export function contentFromForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    title: text('title'),
    description: text('description'),
    category: text('category'),
    priority: text('priority'),
    ownerId: text('ownerId'),
    phaseKey: text('phaseKey'),
    acceptanceCriteria: text('acceptanceCriteria')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    examples: text('examples') || '[]',
  };
}
