import { Field, FieldError } from './Field';

type Choice = { id: number; name: string };
export type RaidFieldValues = {
  title?: string;
  description?: string;
  probability?: number | null;
  impact?: number | null;
  mitigation?: string;
  ownerId?: number | null;
  nextReviewDate?: string | null;
  validateBy?: string | null;
  dueDate?: string | null;
  severity?: number | null;
  resolution?: string;
  decidedBy?: string;
  decidedOn?: string | null;
  basis?: string;
  sharedWithFirmId?: number | null;
};

/** Which fields each type holds (the server keeps only these; the others a form posts are ignored). */
const fieldsOf: Record<string, string[]> = {
  risk: ['probability', 'impact', 'mitigation', 'ownerId', 'nextReviewDate'],
  assumption: ['ownerId', 'validateBy'],
  issue: ['severity', 'ownerId', 'dueDate', 'resolution'],
  dependency: ['ownerId'],
  action: ['ownerId', 'dueDate'],
  decision: ['decidedBy', 'decidedOn', 'basis'],
};
const forTypes = (field: string) =>
  Object.entries(fieldsOf)
    .filter(([, fields]) => fields.includes(field))
    .map(([t]) => t);

/**
 * The fields of a RAID item. With a type chosen, only its fields show; with none (the page before
 * JavaScript runs, or without it), every field shows, each saying which types it is for.
 */
export function RaidFields({
  type,
  values = {},
  errors,
  owners,
  firms,
  idPrefix,
}: {
  type: string;
  values?: RaidFieldValues;
  errors: Record<string, string>;
  owners: Choice[];
  firms: Choice[];
  idPrefix: string;
}) {
  const shows = (field: string) => !type || fieldsOf[type]?.includes(field);
  const note = (field: string) => (type ? '' : ` (${forTypes(field).join(', ')})`);
  const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return (
    <>
      <Field label="Title" name="title" defaultValue={values.title} error={errors.title} />
      <div className={`field${errors.description ? ' has-error' : ''}`}>
        <label htmlFor={`${idPrefix}-description`}>Description</label>
        <textarea id={`${idPrefix}-description`} name="description" rows={3} defaultValue={values.description} />
        <FieldError id={`${idPrefix}-description-error`} error={errors.description} />
      </div>
      {shows('probability') && (
        <Field
          label={`Probability, 1 to 5${note('probability')}`}
          name="probability"
          inputMode="numeric"
          defaultValue={str(values.probability)}
          error={errors.probability}
        />
      )}
      {shows('impact') && (
        <Field label={`Impact, 1 to 5${note('impact')}`} name="impact" inputMode="numeric" defaultValue={str(values.impact)} error={errors.impact} />
      )}
      {shows('mitigation') && <Field label={`Mitigation${note('mitigation')}`} name="mitigation" defaultValue={values.mitigation} error={errors.mitigation} />}
      {shows('severity') && (
        <div className={`field${errors.severity ? ' has-error' : ''}`}>
          <label htmlFor={`${idPrefix}-severity`}>Severity{note('severity')}</label>
          <select id={`${idPrefix}-severity`} name="severity" defaultValue={str(values.severity)} aria-invalid={errors.severity ? true : undefined}>
            <option value="">Choose…</option>
            <option value="1">1 critical</option>
            <option value="2">2 high</option>
            <option value="3">3 medium</option>
            <option value="4">4 minor</option>
          </select>
          <FieldError id={`${idPrefix}-severity-error`} error={errors.severity} />
        </div>
      )}
      {shows('ownerId') && (
        <div className={`field${errors.ownerId ? ' has-error' : ''}`}>
          <label htmlFor={`${idPrefix}-owner`}>Owner{note('ownerId')}</label>
          <select id={`${idPrefix}-owner`} name="ownerId" defaultValue={str(values.ownerId)} aria-invalid={errors.ownerId ? true : undefined}>
            <option value="">Nobody</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <FieldError id={`${idPrefix}-owner-error`} error={errors.ownerId} />
        </div>
      )}
      {shows('nextReviewDate') && (
        <Field
          label={`Next review${note('nextReviewDate')}`}
          name="nextReviewDate"
          type="date"
          defaultValue={str(values.nextReviewDate)}
          error={errors.nextReviewDate}
        />
      )}
      {shows('validateBy') && (
        <Field label={`Validate by${note('validateBy')}`} name="validateBy" type="date" defaultValue={str(values.validateBy)} error={errors.validateBy} />
      )}
      {shows('dueDate') && <Field label={`Due${note('dueDate')}`} name="dueDate" type="date" defaultValue={str(values.dueDate)} error={errors.dueDate} />}
      {shows('resolution') && <Field label={`Resolution${note('resolution')}`} name="resolution" defaultValue={values.resolution} error={errors.resolution} />}
      {shows('decidedBy') && <Field label={`Decided by${note('decidedBy')}`} name="decidedBy" defaultValue={values.decidedBy} error={errors.decidedBy} />}
      {shows('decidedOn') && (
        <Field label={`Decided on${note('decidedOn')}`} name="decidedOn" type="date" defaultValue={str(values.decidedOn)} error={errors.decidedOn} />
      )}
      {shows('basis') && <Field label={`Basis of the decision${note('basis')}`} name="basis" defaultValue={values.basis} error={errors.basis} />}
      <div className={`field${errors.sharedWithFirmId ? ' has-error' : ''}`}>
        <label htmlFor={`${idPrefix}-firm`}>Shared with vendor firm</label>
        <select
          id={`${idPrefix}-firm`}
          name="sharedWithFirmId"
          defaultValue={str(values.sharedWithFirmId)}
          aria-invalid={errors.sharedWithFirmId ? true : undefined}
        >
          <option value="">Nobody outside the client</option>
          {firms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        <FieldError id={`${idPrefix}-firm-error`} error={errors.sharedWithFirmId} />
      </div>
    </>
  );
}
