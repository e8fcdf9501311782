import { auditActions, auditSubjects } from '~/workflows/audit-catalogue';

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

/** The audit pages' "What" choices: every action the catalogue knows, by its label. */
export const auditActionOptions = Object.entries(auditActions)
  .map(([value, label]) => ({ value, label }))
  .sort(byLabel);

/** The audit pages' "About" choices: every kind of item an audit row can be about. */
export const auditKindOptions = Object.entries(auditSubjects)
  .map(([value, label]) => ({ value, label }))
  .sort(byLabel);

/** Rows on one page of an audit trail. */
export const auditPageSize = 50;
