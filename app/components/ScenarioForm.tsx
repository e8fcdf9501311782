import { Form } from 'react-router';
import { Field } from './Field';

type Version = { id: number; planKey: string; number: number };
type Dataset = { id: number; name: string; plan: string; period: string };

/**
 * The form that creates a scenario: a plan version, a dataset made for its plan (or the one dataset of
 * the page, fixed), and the changes: a tier's rate, quotas scaled, and any other change as a JSON list.
 * Posts `intent=createScenario`; each error shows next to its field.
 */
export function ScenarioForm({
  versions,
  datasets,
  errors,
  busy,
}: {
  versions: Version[];
  /** one dataset: fixed (a hidden field); several: a choice */
  datasets: Dataset[];
  errors: Record<string, string>;
  busy: boolean;
}) {
  const only = datasets.length === 1 ? datasets[0] : undefined;
  return (
    <Form method="post" encType="multipart/form-data" className="form" noValidate aria-label="Create a scenario">
      <input type="hidden" name="intent" value="createScenario" />
      <p className="hint">
        A tier’s rate, quotas scaled, and any other change as a JSON list (each change as workflows/modeling/scenario.ts describes it, e.g.{' '}
        <code>
          [{'{'}"kind":"component_cap","componentId":"loan_commission","cap":null{'}'}]
        </code>
        ). Leave the changes empty for the base.
      </p>
      <Field label="Name" name="name" error={errors.name} />
      <div className={`field${errors.planVersionId ? ' has-error' : ''}`}>
        <label>
          Plan version
          <select name="planVersionId" aria-invalid={errors.planVersionId ? true : undefined}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.planKey} version {v.number}
              </option>
            ))}
          </select>
        </label>
        {errors.planVersionId && <p className="field-error">{errors.planVersionId}</p>}
      </div>
      {only ? (
        <input type="hidden" name="datasetId" value={only.id} />
      ) : (
        <div className={`field${errors.datasetId ? ' has-error' : ''}`}>
          <label>
            Dataset
            <select name="datasetId" aria-invalid={errors.datasetId ? true : undefined}>
              {datasets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.plan}, {x.period})
                </option>
              ))}
            </select>
          </label>
          {errors.datasetId && <p className="field-error">{errors.datasetId}</p>}
        </div>
      )}
      {only && errors.datasetId && <p className="field-error">{errors.datasetId}</p>}
      <fieldset>
        <legend>A tier’s rate</legend>
        <Field label="Component id" name="tierComponentId" placeholder="loan_commission" error={errors.tierComponentId} />
        <Field label="Tier (1 = the first)" name="tierNumber" inputMode="numeric" error={errors.tierNumber} />
        <Field label="New rate (a fraction: 0.03 = 3 %)" name="tierRate" inputMode="decimal" error={errors.tierRate} />
      </fieldset>
      <fieldset>
        <legend>Quotas</legend>
        <Field label="Quotas change by (%)" name="quotaPercent" inputMode="decimal" placeholder="10" error={errors.quotaPercent} />
        <Field label="Only for the role (empty: everyone)" name="quotaRole" error={errors.quotaRole} />
      </fieldset>
      <div className={`field${errors.changesJson ? ' has-error' : ''}`}>
        <label htmlFor="changesJson">Other changes (JSON list)</label>
        <textarea
          id="changesJson"
          name="changesJson"
          rows={4}
          aria-invalid={errors.changesJson ? true : undefined}
          aria-describedby={errors.changesJson ? 'changesJson-error' : undefined}
        />
        {errors.changesJson && (
          <p id="changesJson-error" className="field-error">
            {errors.changesJson}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Create the scenario
      </button>
    </Form>
  );
}
