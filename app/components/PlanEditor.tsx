import type { ReactNode } from 'react';
import { isoDateProps } from '~/app/components/Field';
import { formatPath, type Json, type JsonObject, type Segment, shownValue, valueAt } from '~/workflows/plans/editor';

/**
 * The fields and grids of a plan document, each input named by its JSON path in the document
 * (`components[0].tiers[1].rate`) so the server applies it there and places the engine's problem of that
 * path next to it. Rows are added and removed by the server (buttons posting `add:<grid>` and
 * `remove:<row>`), so the form works without JavaScript. Parts the form does not cover field by field
 * (a measure's filter, a SPIF's filter, a draw or clawback, a component type it does not know) are
 * edited in the JSON view.
 */

type Errors = Record<string, string>;
type Option = { value: string; label: string };

/** The id of the element showing a path's field, grid or row (the summary links to it). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

const options = (...values: string[]): Option[] => values.map((v) => ({ value: v, label: v.replaceAll('_', ' ') }));

function Input(props: {
  doc: Json;
  path: Segment[];
  label: string;
  errors: Errors;
  hint?: ReactNode;
  options?: Option[];
  type?: string;
  hiddenLabel?: boolean;
}) {
  const name = formatPath(props.path);
  const id = fieldId(name);
  const error = props.errors[name];
  const described = [props.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': described, defaultValue: shownValue(props.doc, props.path) };
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className={props.hiddenLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.options ? (
        <select {...common}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          {...(props.type === 'date'
            ? isoDateProps
            : { type: props.type === 'decimal' ? 'text' : (props.type ?? 'text'), inputMode: props.type === 'decimal' ? ('decimal' as const) : undefined })}
        />
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A yes/no option: a hidden "false" before the box, so an unticked box is posted too (the last value wins). */
function Check(props: { doc: Json; path: Segment[]; label: string; errors: Errors }) {
  const name = formatPath(props.path);
  const id = fieldId(name);
  const error = props.errors[name];
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <input type="hidden" name={name} value="false" />
      <label className="checkbox" htmlFor={id}>
        <input
          type="checkbox"
          id={id}
          name={name}
          value="true"
          defaultChecked={shownValue(props.doc, props.path) === 'true'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {props.label}
      </label>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The problem placed at a grid, a row or a component as a whole (weights that do not add up, an unknown key). */
function PlacedError({ name, errors }: { name: string; errors: Errors }) {
  const error = errors[name];
  return error ? (
    <p id={`${fieldId(name)}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

type GridColumn = { key: string; header: string; kind?: 'decimal' | 'text'; options?: Option[] };

/**
 * An editable grid: a table of labelled inputs, one row per element of the document's array ("Tier 2
 * rate"), with a button to remove each row and one to add a row. It reads like the portal's DataTable
 * (caption, column headers) without its sorting, search and pages, which would reorder or hide inputs
 * the form must post.
 */
function EditGrid(props: { doc: Json; path: Segment[]; caption: string; noun: string; columns: GridColumn[]; errors: Errors; hint?: ReactNode }) {
  const name = formatPath(props.path);
  const rows = valueAt(props.doc, props.path);
  const count = Array.isArray(rows) ? rows.length : 0;
  return (
    <div className="datatable edit-grid" id={fieldId(name)}>
      <table>
        <caption>
          {props.caption} <span className="muted">({count})</span>
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {count === 0 ? (
            <tr>
              <td colSpan={props.columns.length + 1} className="empty">
                None.
              </td>
            </tr>
          ) : (
            Array.from({ length: count }, (_, i) => {
              const row = [...props.path, i];
              const rowName = formatPath(row);
              const label = `${props.noun} ${i + 1}`;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position in the document's array
                <tr key={i} id={fieldId(rowName)}>
                  {props.columns.map((c) => (
                    <td key={c.key}>
                      <Input
                        doc={props.doc}
                        path={[...row, c.key]}
                        label={`${label} ${c.header.toLowerCase()}`}
                        errors={props.errors}
                        options={c.options}
                        type={c.kind === 'decimal' ? 'decimal' : undefined}
                        hiddenLabel
                      />
                    </td>
                  ))}
                  <td>
                    <button type="submit" name="intent" value={`remove:${rowName}`} className="small">
                      Remove <span className="visually-hidden">{label.toLowerCase()}</span>
                    </button>
                    <PlacedError name={rowName} errors={props.errors} />
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
      <PlacedError name={name} errors={props.errors} />
      {props.hint && <p className="hint">{props.hint}</p>}
      <button type="submit" name="intent" value={`add:${name}`} className="small">
        Add {props.noun.toLowerCase()}
      </button>
    </div>
  );
}

const capKinds = [
  { value: '', label: 'none' },
  { value: 'amount', label: 'an amount' },
  { value: 'share_of_target_incentive', label: 'a share of the target incentive' },
];

/** A cap (or a gate's "pays at most while closed"): its kind and its one value, named by the kind. */
function CapFields(props: { doc: Json; path: Segment[]; label: string; errors: Errors; required?: boolean }) {
  const kind = valueAt(props.doc, [...props.path, 'kind']);
  const valueKey = kind === 'share_of_target_incentive' ? 'share' : 'amount';
  return (
    <div className="inline-form">
      <Input
        doc={props.doc}
        path={[...props.path, 'kind']}
        label={`${props.label}: kind`}
        errors={props.errors}
        options={props.required ? capKinds.slice(1) : capKinds}
      />
      <Input
        doc={props.doc}
        path={[...props.path, valueKey]}
        label={`${props.label}: ${valueKey === 'share' ? 'share (1.5 = 150%)' : 'amount'}`}
        errors={props.errors}
        type="decimal"
      />
    </div>
  );
}

function Component(props: { doc: JsonObject; index: number; errors: Errors; measures: Option[] }) {
  const { doc, errors } = props;
  const at = (...p: Segment[]): Segment[] => ['components', props.index, ...p];
  const c = valueAt(doc, at()) as JsonObject;
  const type = String(c.type ?? '');
  const name = formatPath(at());
  const measure = (path: Segment[], label: string, none?: string) => (
    <Input doc={doc} path={path} label={label} errors={errors} options={[...(none !== undefined ? [{ value: '', label: none }] : []), ...props.measures]} />
  );
  const known = ['rate_table', 'attainment_bonus', 'spif', 'referral', 'mbo'].includes(type);
  return (
    <fieldset className="card plan-component" id={fieldId(name)}>
      <legend>
        Component {props.index + 1}: {String(c.name ?? c.id ?? '')} <span className="muted">({type.replaceAll('_', ' ') || 'no type'})</span>
      </legend>
      <PlacedError name={name} errors={errors} />
      {!known ? (
        <>
          <p className="hint">
            The form does not cover a component of type “{type}” field by field: edit it in the JSON view below (path <code>{name}</code>).
          </p>
          <pre className="csv">{JSON.stringify(c, null, 2)}</pre>
        </>
      ) : (
        <>
          <div className="inline-form">
            <Input doc={doc} path={at('id')} label="Component id" errors={errors} />
            <Input doc={doc} path={at('name')} label="Component name" errors={errors} />
          </div>
          {type === 'rate_table' && (
            <>
              <div className="inline-form">
                {measure(at('measure'), 'Measure')}
                <Input doc={doc} path={at('basis')} label="Tier boundaries are" errors={errors} options={options('amount', 'attainment')} />
                <Input doc={doc} path={at('method')} label="Method" errors={errors} options={options('marginal', 'retroactive', 'interpolated')} />
                <Input doc={doc} path={at('scope')} label="Applies to" errors={errors} options={options('transaction', 'period', 'ptd')} />
                <Input doc={doc} path={at('boundary')} label="A value on a boundary belongs" errors={errors} options={options('higher', 'lower')} />
                <Input doc={doc} path={at('negativeTrueUp')} label="Negative true-up (ptd)" errors={errors} options={options('pay', 'floor_at_zero')} />
              </div>
              <EditGrid
                doc={doc}
                path={at('tiers')}
                caption="Rate table"
                noun="Tier"
                errors={errors}
                columns={[
                  { key: 'from', header: 'From', kind: 'decimal' },
                  { key: 'rate', header: 'Rate', kind: 'decimal' },
                ]}
                hint="Rates and attainments are decimal fractions: 0.025 is 2.5%, 1.2 is 120%."
              />
            </>
          )}
          {type === 'attainment_bonus' && (
            <>
              <div className="inline-form">
                {measure(at('measure'), 'Measure')}
                <Input doc={doc} path={at('scope')} label="Attainment of" errors={errors} options={options('period', 'ptd')} />
                <Input doc={doc} path={at('targetShare')} label="Target share" errors={errors} type="decimal" />
                <Input doc={doc} path={at('threshold')} label="Threshold" errors={errors} type="decimal" />
              </div>
              <EditGrid
                doc={doc}
                path={at('curve')}
                caption="Payout curve"
                noun="Point"
                errors={errors}
                columns={[
                  { key: 'attainment', header: 'Attainment', kind: 'decimal' },
                  { key: 'payout', header: 'Payout', kind: 'decimal' },
                ]}
              />
              <EditGrid
                doc={doc}
                path={at('bands')}
                caption="Accelerator and decelerator bands"
                noun="Band"
                errors={errors}
                columns={[
                  { key: 'from', header: 'From', kind: 'decimal' },
                  { key: 'to', header: 'To', kind: 'decimal' },
                  { key: 'multiplier', header: 'Multiplier', kind: 'decimal' },
                ]}
                hint="Leave “to” empty for a band with no upper end."
              />
            </>
          )}
          {type === 'spif' && (
            <>
              <div className="inline-form">
                <Input doc={doc} path={at('window', 'from')} label="Window from" errors={errors} type="date" />
                <Input doc={doc} path={at('window', 'to')} label="Window to" errors={errors} type="date" />
                <Input
                  doc={doc}
                  path={at('pay', 'kind')}
                  label="Pays"
                  errors={errors}
                  options={[
                    { value: 'per_unit', label: 'per unit' },
                    { value: 'percent_of_amount', label: 'a share of the amount' },
                  ]}
                />
                <Input
                  doc={doc}
                  path={at('pay', valueAt(doc, at('pay', 'kind')) === 'percent_of_amount' ? 'rate' : 'amount')}
                  label="SPIF pay"
                  errors={errors}
                  type="decimal"
                />
              </div>
              <p className="hint">Which transactions qualify (the filter) is edited in the JSON view.</p>
            </>
          )}
          {type === 'referral' && (
            <div className="inline-form">
              <Input doc={doc} path={at('transactionType')} label="Transaction type" errors={errors} />
              <Input doc={doc} path={at('amountPerReferral')} label="Referral amount" errors={errors} type="decimal" />
              <Input doc={doc} path={at('maxPerPeriod')} label="Paid referrals per period at most" errors={errors} hint="Empty: no limit." />
            </div>
          )}
          {type === 'mbo' && (
            <>
              <div className="inline-form">
                <Input doc={doc} path={at('targetShare')} label="Target share" errors={errors} type="decimal" />
                <Input doc={doc} path={at('maxScore')} label="Maximum score" errors={errors} type="decimal" />
              </div>
              <EditGrid
                doc={doc}
                path={at('objectives')}
                caption="Objectives"
                noun="Objective"
                errors={errors}
                columns={[
                  { key: 'id', header: 'Id' },
                  { key: 'name', header: 'Name' },
                  { key: 'weight', header: 'Weight', kind: 'decimal' },
                ]}
                hint="MBO weights must add up to 1."
              />
            </>
          )}
          <CapFields doc={doc} path={at('cap')} label="Cap" errors={errors} />
          <fieldset>
            <legend>Gate</legend>
            <div className="inline-form">
              {measure(at('gate', 'measure'), 'Gate measure', 'no gate')}
              <Input doc={doc} path={at('gate', 'minAttainment')} label="Gate opens at attainment" errors={errors} type="decimal" />
              <Input doc={doc} path={at('gate', 'scope')} label="Gate attainment of" errors={errors} options={options('period', 'ptd')} />
            </div>
            <CapFields doc={doc} path={at('gate', 'whenClosed')} label="While closed, pays at most" errors={errors} required />
          </fieldset>
        </>
      )}
    </fieldset>
  );
}

/** Every field and grid of the plan document the form covers, with the problems placed at them. */
export function PlanFields({ doc, errors }: { doc: JsonObject; errors: Errors }) {
  const measures = (Array.isArray(doc.measures) ? doc.measures : []).map((m) => {
    const id = String((m as JsonObject | null)?.id ?? '');
    return { value: id, label: id };
  });
  const components = Array.isArray(doc.components) ? doc.components : [];
  return (
    <>
      <fieldset className="card" id={fieldId('(plan)')}>
        <legend>Plan {String(doc.id ?? '')}</legend>
        <div className="inline-form">
          <Input doc={doc} path={['name']} label="Plan name" errors={errors} />
          <Input doc={doc} path={['currency']} label="Currency" errors={errors} hint="Three letters, e.g. USD." />
          <Input doc={doc} path={['minorUnit']} label="Decimals of the currency" errors={errors} hint="Empty: from the currency." />
          <Input doc={doc} path={['periodKind']} label="Period" errors={errors} options={options('week', 'two_weeks', 'month', 'quarter', 'year')} />
          <Input
            doc={doc}
            path={['periodAnchor']}
            label="First day of a two-week cycle"
            errors={errors}
            hint="Two weeks only, e.g. 2026-01-05: cycles repeat every 14 days from it. Weeks are ISO weeks, Monday to Sunday."
          />
          <Input
            doc={doc}
            path={['targetIncentive', 'basis']}
            label="Target incentive is"
            errors={errors}
            options={[
              { value: 'annual', label: 'annual' },
              { value: 'per_period', label: 'per period' },
            ]}
          />
          <Input doc={doc} path={['rounding', 'mode']} label="Rounding" errors={errors} options={options('half_up', 'half_even')} />
          <Input
            doc={doc}
            path={['rounding', 'point']}
            label="Rounded"
            errors={errors}
            options={[
              { value: 'line', label: 'each payout line' },
              { value: 'total', label: 'the participant total' },
            ]}
          />
        </div>
        <CapFields doc={doc} path={['totalCap']} label="Total cap" errors={errors} />
        <div className="inline-form">
          <Check doc={doc} path={['crediting', 'allowOverlay']} label="Split shares may add up to more than 1 (overlay)" errors={errors} />
          <Check doc={doc} path={['crediting', 'rollup', 'enabled']} label="Roll-up credit from reports" errors={errors} />
          <Input doc={doc} path={['crediting', 'rollup', 'depth']} label="Roll-up levels" errors={errors} hint="Empty: all levels." />
        </div>
        <div className="inline-form">
          <Input
            doc={doc}
            path={['proration', 'method']}
            label="Proration"
            errors={errors}
            options={[
              { value: 'calendar_days', label: 'by calendar days' },
              { value: 'whole_months', label: 'by whole months (a month counts when active on its 15th)' },
              { value: 'working_days', label: 'by working days (Monday to Friday)' },
              { value: 'none', label: 'none' },
            ]}
          />
          <Check doc={doc} path={['proration', 'targetIncentive']} label="Prorate the target incentive" errors={errors} />
          <Check doc={doc} path={['proration', 'quota']} label="Prorate the quota" errors={errors} />
          <Check doc={doc} path={['proration', 'draw']} label="Prorate the draw" errors={errors} />
        </div>
        <p className="hint">A draw and a clawback, when the plan has them, are edited in the JSON view.</p>
      </fieldset>
      <section className="card" aria-labelledby="measures-heading">
        <h2 id="measures-heading">Measures</h2>
        <p className="hint">What quotas are set for and attainment is measured on. A measure’s filter is edited in the JSON view.</p>
        <EditGrid
          doc={doc}
          path={['measures']}
          caption="Measures"
          noun="Measure"
          errors={errors}
          columns={[
            { key: 'id', header: 'Id' },
            { key: 'name', header: 'Name' },
            { key: 'source', header: 'Source', options: options('amount', 'quantity', 'count') },
            { key: 'shareBasis', header: 'Share basis', options: options('credit', 'payout') },
          ]}
        />
      </section>
      <h2>Components</h2>
      <PlacedError name="components" errors={errors} />
      {components.map((_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a component is its position in the document's array
        <Component key={i} doc={doc} index={i} errors={errors} measures={measures} />
      ))}
    </>
  );
}
