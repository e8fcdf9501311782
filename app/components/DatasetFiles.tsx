const labels = { participantsCsv: 'Participants file', quotasCsv: 'Quotas file', transactionsCsv: 'Transactions file' } as const;

/** The three CSV files of a dataset as file inputs, each with its error next to it. */
export function DatasetFiles({ errors }: { errors: Partial<Record<string, string>> }) {
  return (
    <>
      {(['participantsCsv', 'quotasCsv', 'transactionsCsv'] as const).map((name) => (
        <div className={`field${errors[name] ? ' has-error' : ''}`} key={name}>
          <label htmlFor={name}>{labels[name]}</label>
          <input
            id={name}
            name={name}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={errors[name] ? `${name}-error` : undefined}
          />
          {errors[name] && (
            <p id={`${name}-error`} className="field-error">
              {errors[name]}
            </p>
          )}
        </div>
      ))}
    </>
  );
}
