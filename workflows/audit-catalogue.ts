/**
 * Every kind of audit row the portal writes, with the words a person reads for it. `emitAudit` takes
 * only these, so a new action is added here (with its label) before any command can write it.
 */
export const auditActions = {
  'user.created': 'Person added',
  'user.password_reset': 'Password reset',
  'user.signed_in': 'Signed in',
  'user.signed_out': 'Signed out',
  'user.sign_in_failed': 'Sign-in failed',
  'user.locked': 'Sign-in locked',
  'user.signing_locked': 'Signing locked',
  'methodology.installed': 'Methodology installed',
  'project.created': 'Project created',
  'member.added': 'Member added',
  'member.removed': 'Member removed',
  'member.function_changed': 'Member function changed',
  'milestone.reached': 'Milestone reached',
  'phase.started': 'Phase started',
  'gate.review_requested': 'Gate review requested',
  'gate.signed': 'Gate signed',
  'gate.sent_back': 'Gate sent back',
  'gate.signature_refused': 'Gate signature refused',
  'requirement.created': 'Requirement created',
  'requirement.imported': 'Requirements imported',
  'requirement.edited': 'Requirement edited',
  'requirement.new_version': 'Requirement new version',
  'requirement.superseded': 'Requirement superseded',
  'requirement.submitted': 'Requirement submitted for sign-off',
  'requirement.signed': 'Requirement signed',
  'requirement.signature_refused': 'Requirement signature refused',
  'requirement.changes_requested': 'Requirement changes requested',
  'requirement.withdrawn': 'Requirement withdrawn from review',
  'requirement.retired': 'Requirement retired',
  'requirement.commented': 'Requirement comment',
  'requirement.linked': 'Requirements linked',
  'requirement.suspect_cleared': 'Suspect flag cleared',
  'requirement.baseline_taken': 'Baseline taken',
  'plan.created': 'Plan created',
  'plan.new_version': 'Plan new version',
  'test.cycle_created': 'Test cycle planned',
  'test.case_created': 'Test case created',
  'test.case_edited': 'Test case edited',
  'test.run_passed': 'Test run passed',
  'test.run_failed': 'Test run failed',
  'test.run_blocked': 'Test run blocked',
  'test.result_stale': 'Test result made stale',
  'defect.logged': 'Defect logged',
  'defect.started': 'Defect fix started',
  'defect.fixed': 'Defect fixed',
  'defect.verified': 'Defect verified',
  'defect.closed': 'Defect closed',
  'defect.reopened': 'Defect reopened',
  'defect.assigned': 'Defect assigned',
  'defect.commented': 'Defect commented on',
  'parallel.run_created': 'Parallel run created',
  'parallel.variance_classified': 'Variance classified',
  'parallel.report_submitted': 'Variance report submitted for sign-off',
  'parallel.report_signed': 'Variance report signed',
  'parallel.signature_refused': 'Variance report signature refused',
} as const satisfies Record<string, string>;
export type AuditAction = keyof typeof auditActions;

/** What an audit row is about. */
export const auditSubjects = {
  user: 'Person',
  methodology: 'Methodology',
  project: 'Project',
  member: 'Membership',
  milestone: 'Milestone',
  phase: 'Phase',
  requirement: 'Requirement',
  baseline: 'Baseline',
  plan: 'Plan',
  test_cycle: 'Test cycle',
  test_case: 'Test case',
  defect: 'Defect',
  parallel_run: 'Parallel run',
} as const satisfies Record<string, string>;
export type AuditSubject = keyof typeof auditSubjects;

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(auditActions, value);

/** The label of an action as stored; a row older than the catalogue shows its raw name. */
export const auditActionLabel = (action: string) => (isAuditAction(action) ? auditActions[action] : action);
const isAuditSubject = (value: string): value is AuditSubject => Object.hasOwn(auditSubjects, value);
export const auditSubjectLabel = (subject: string) => (isAuditSubject(subject) ? auditSubjects[subject] : subject);
