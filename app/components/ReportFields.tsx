import { Field } from './Field';

type Words = { period: string; summary: string; accomplishments: string; nextSteps: string; asks: string };

/** The words of a status report, for a new draft or an edit of one. */
export function ReportFields({ errors, values }: { errors: Record<string, string>; values?: Words }) {
  const area = (name: keyof Words, label: string) => (
    <div className={`field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`report-${name}`}>{label}</label>
      <textarea id={`report-${name}`} name={name} rows={3} defaultValue={values?.[name]} aria-invalid={errors[name] ? true : undefined} />
      {errors[name] && <p className="field-error">{errors[name]}</p>}
    </div>
  );
  return (
    <>
      <Field label="Period" name="period" placeholder="Week 48, 23-27 November" defaultValue={values?.period} error={errors.period} />
      {area('summary', 'Summary')}
      {area('accomplishments', 'Accomplishments')}
      {area('nextSteps', 'Next steps')}
      {area('asks', 'Asks of the steering committee')}
    </>
  );
}
