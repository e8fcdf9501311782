import type { ProjectRole } from '~/db/schema';

/** A signed-in person as the domain sees them. */
export type Actor = { id: number; name: string; isAdmin: boolean; vendorFirmId: number | null; mustChangePassword?: boolean };

/** The system itself acting (seeding, scheduled jobs), named in the audit trail. */
export const systemActor: Actor = { id: 0, name: 'system', isAdmin: true, vendorFirmId: null };

export const roleLabels: Record<ProjectRole, string> = {
  pm: 'Project manager',
  stakeholder: 'Stakeholder',
  analyst: 'Analyst',
  tester: 'Tester',
  vendor: 'Vendor representative',
  viewer: 'Viewer',
};

export type ProjectPermission =
  | 'project.view'
  | 'project.viewAudit'
  | 'project.manageMembers'
  | 'project.manageMilestones'
  | 'gate.requestReview'
  | 'gate.decide'
  | 'requirement.view'
  | 'requirement.write'
  | 'requirement.comment'
  | 'requirement.sign'
  | 'requirement.baseline'
  | 'test.view'
  | 'test.write'
  | 'test.run'
  | 'plan.write'
  /** Sign or reject a plan version on its approval route (stakeholders only; the route names who). */
  | 'plan.sign'
  /** Set a plan's approval route and publish an approved version (the PM). */
  | 'plan.govern'
  | 'defect.log'
  | 'defect.fix'
  | 'defect.verify'
  | 'defect.assign'
  | 'defect.comment'
  /** Read contracts, deliverables and commitments (a vendor representative: only their own firm's). */
  | 'vendor.view'
  /** Contracts, payment milestones, deliverables, commitments, waivers and releases (the PM). */
  | 'vendor.manage'
  /** Start and submit a deliverable (the machine narrows it to the contract's firm). */
  | 'vendor.deliver'
  /** Review, accept or reject a deliverable (the machine narrows it to the named client reviewer). */
  | 'vendor.review'
  /** Read modeling datasets, scenarios and their results (issue 13). */
  | 'model.view'
  /** Create datasets and scenarios, run and promote them (analysts and PMs). */
  | 'model.write'
  /** Read the RAID log (a vendor representative: only the items shared with their firm). */
  | 'raid.view'
  /** Log, edit, close, reopen, link and import RAID items (the PM and analysts). */
  | 'raid.write'
  /** Read change requests and schedule baselines (issue 14). */
  | 'change.view'
  /** Raise a change request (the machine says who assesses, decides, implements and closes it). */
  | 'change.raise'
  /** Take a baseline of the phases' and milestones' dates (the PM). */
  | 'schedule.baseline'
  /** Set a colour other than the computed status, with a reason (the PM). */
  | 'status.override'
  /** Write and publish status reports (the PM; everyone who reads governance reads them). */
  | 'report.write'
  /** See the project on the portfolio, with its status and reasons (PMs, viewers of the PMO, admins). */
  | 'portfolio.view'
  /** Read platform selections (issue 18); others' scores only as blind scoring allows (never a vendor representative). */
  | 'selection.view'
  /** Score a platform selection (the machine narrows it to its named evaluators). */
  | 'selection.score'
  /** Set up and run a platform selection: needs, candidates, criteria, costs, opening and closing scoring (the PM). */
  | 'selection.manage'
  /** Read a recovery's assessment, corrective plan and turnaround (issue 17; never vendors). */
  | 'recovery.view'
  /** Assess, present, write the corrective plan, log the turnaround and close a recovery (the PM). */
  | 'recovery.write'
  /** Accept a corrective plan with a signature (stakeholders; the machine narrows it to the sponsor). */
  | 'recovery.accept'
  /** Read an E3 cycle's programme data, KPIs, baseline and reviews (issue 17; never vendors: it is payout data). */
  | 'e3.view'
  /** Upload programme data, configure a baseline, hold reviews and record findings (the PM and analysts; the machine narrows who). */
  | 'e3.write';

/** What each project role may do. Admins may view and manage any project but never decide a gate. */
const grants: Record<ProjectRole, readonly ProjectPermission[]> = {
  pm: [
    'project.view',
    'project.viewAudit',
    'project.manageMembers',
    'project.manageMilestones',
    'gate.requestReview',
    'requirement.view',
    'requirement.write',
    'requirement.comment',
    'requirement.baseline',
    'test.view',
    'test.write',
    'test.run',
    'plan.write',
    'plan.govern',
    'defect.log',
    'defect.fix',
    'defect.assign',
    'defect.comment',
    'vendor.view',
    'vendor.manage',
    'vendor.deliver',
    'vendor.review',
    'model.view',
    'model.write',
    'raid.view',
    'raid.write',
    'change.view',
    'change.raise',
    'schedule.baseline',
    'status.override',
    'report.write',
    'portfolio.view',
    'selection.view',
    'selection.manage',
    'recovery.view',
    'recovery.write',
    'e3.view',
    'e3.write',
  ],
  stakeholder: [
    'project.view',
    'project.viewAudit',
    'gate.decide',
    'requirement.view',
    'requirement.comment',
    'requirement.sign',
    'test.view',
    'plan.sign',
    'defect.comment',
    'vendor.view',
    'vendor.review',
    'model.view',
    'raid.view',
    'change.view',
    'change.raise',
    'selection.view',
    'selection.score',
    'recovery.view',
    'recovery.accept',
    'e3.view',
  ],
  // The analyst configures plans and fixes configuration defects; testing is someone else's job.
  analyst: [
    'project.view',
    'project.viewAudit',
    'requirement.view',
    'requirement.write',
    'requirement.comment',
    'test.view',
    'plan.write',
    'defect.fix',
    'defect.comment',
    'vendor.view',
    'vendor.review',
    'model.view',
    'model.write',
    'raid.view',
    'raid.write',
    'change.view',
    'change.raise',
    'selection.view',
    'selection.score',
    'recovery.view',
    'e3.view',
    'e3.write',
  ],
  tester: [
    'project.view',
    'project.viewAudit',
    'requirement.view',
    'requirement.comment',
    'test.view',
    'test.write',
    'test.run',
    'defect.log',
    'defect.verify',
    'defect.assign',
    'defect.comment',
    'vendor.view',
    'vendor.review',
    'model.view',
    'raid.view',
    'change.view',
    'selection.view',
    'recovery.view',
    'e3.view',
  ],
  viewer: [
    'project.view',
    'project.viewAudit',
    'requirement.view',
    'test.view',
    'vendor.view',
    'model.view',
    'raid.view',
    'change.view',
    'portfolio.view',
    'selection.view',
    'recovery.view',
    'e3.view',
  ],
  // Vendor representatives are external: they see the plan of work and their own firm's contracts and
  // deliverables (workflows/vendors/access.ts narrows them), and the RAID items shared with their firm
  // (workflows/raid/access.ts), not requirements or the audit trail.
  vendor: ['project.view', 'vendor.view', 'vendor.deliver', 'raid.view'],
};

const adminGrants: readonly ProjectPermission[] = [
  'project.view',
  'project.viewAudit',
  'project.manageMembers',
  'requirement.view',
  'test.view',
  'vendor.view',
  'model.view',
  'raid.view',
  'change.view',
  'portfolio.view',
  'selection.view',
  'recovery.view',
  'e3.view',
];

export function mayOnProject(actor: Actor, roles: readonly ProjectRole[], permission: ProjectPermission): boolean {
  if (actor.isAdmin && adminGrants.includes(permission)) return true;
  return rolesMay(roles, permission);
}

/** Whether any of these project roles grants the permission (an admin's own grants aside). */
export const rolesMay = (roles: readonly ProjectRole[], permission: ProjectPermission) => roles.some((role) => grants[role].includes(permission));

/** Who may start a new project: admins, and anyone already trusted to manage one. */
export function mayCreateProject(actor: Actor, isPmSomewhere: boolean): boolean {
  return actor.isAdmin || isPmSomewhere;
}
