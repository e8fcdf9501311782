/**
 * Every page and export of the demo and who may read it: the one table the authorization test (HTTP
 * status per role) and the accessibility test (axe-core per role) both walk. To add a page, add it here.
 */
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '~/db/client';
import { phases, projects } from '~/db/schema';

export const roles = ['signedOut', 'admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] as const;
export type Role = (typeof roles)[number];
export const emails: Record<Exclude<Role, 'signedOut'>, string> = {
  admin: 'admin@demo.test',
  pm: 'pm@demo.test',
  stakeholder: 'stakeholder@demo.test',
  analyst: 'analyst@demo.test',
  tester: 'tester@demo.test',
  vendor: 'vendor@demo.test',
  viewer: 'viewer@demo.test',
};

/** Pages and exports: who may read what. Refusals are 403, or 404 where the project is not theirs. */
export type ReadIds = {
  northwind: number;
  fabrikam: number;
  launch: number;
  /** Vendor management: Contoso, Acme's and Bluestone's contracts, Acme's DLV-006 and Bluestone's deliverable on Contoso. */
  contoso: number;
  acmeContract: number;
  bluestoneContract: number;
  acmeDeliverable: number;
  bluestoneDeliverable: number;
  /** Northwind's RAID items: one shared with Acme (RAID-002), one not (RAID-001). */
  raidShared: number;
  raidInternal: number;
  /** The firms, for their scorecards. */
  acme: number;
  bluestone: number;
  /** Northwind's seeded scenario "Raise the top tier to 3 %", and its dataset. */
  scenario: number;
  dataset: number;
  /** Northwind's CR-001. */
  change: number;
  /** Northwind's latest published status report. */
  report: number;
  /** Platform selections (issue 18): Northwind's decided one, Contoso's in scoring. */
  nwSelection: number;
  coSelection: number;
};
export type ReadCase = { path: (ids: ReadIds) => string; allowed: Role[] };
export const reads: ReadCase[] = [
  { path: () => '/', allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: () => '/projects/new', allowed: ['admin', 'pm'] },
  { path: () => '/portfolio', allowed: ['admin', 'pm', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.fabrikam}`, allowed: ['admin', 'pm', 'stakeholder', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/phases/${i.launch}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/members`, allowed: ['admin', 'pm'] },
  { path: (i) => `/projects/${i.northwind}/audit`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/audit.csv`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/requirements`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/requirements.csv`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/requirements/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/requirements/1/versions/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/requirements/1/edit`, allowed: ['pm', 'analyst'] },
  { path: (i) => `/projects/${i.northwind}/requirements/new`, allowed: ['pm', 'analyst'] },
  { path: (i) => `/projects/${i.northwind}/requirements/import`, allowed: ['pm', 'analyst'] },
  { path: (i) => `/projects/${i.northwind}/baselines`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/baselines/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/testing`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/testing/cycles/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/testing/cases/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/2/versions/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/2/versions/2`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/1/versions/1/document`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/2/versions/2/document`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  // The editor: plan writers only (a version past its draft says so and points to "new version from this one").
  { path: (i) => `/projects/${i.northwind}/plans/1/versions/1/edit`, allowed: ['pm', 'analyst'] },
  { path: (i) => `/projects/${i.northwind}/plans/2/versions/2/edit`, allowed: ['pm', 'analyst'] },
  { path: (i) => `/projects/${i.northwind}/plans/2/versions/2/impact`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/plans/1/versions/1/impact?source=run:1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  {
    path: (i) => `/projects/${i.northwind}/plans/1/versions/1/impact.csv?source=run:1`,
    allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'],
  },
  { path: (i) => `/projects/${i.northwind}/defects`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/defects/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/traceability`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/traceability.csv`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/parallel-runs`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/parallel-runs/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/parallel-runs/1/participants/B3`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/vendors`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  {
    path: (i) => `/projects/${i.northwind}/vendors/contracts/${i.acmeContract}`,
    allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'],
  },
  {
    path: (i) => `/projects/${i.northwind}/deliverables/${i.acmeDeliverable}`,
    allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'],
  },
  // Another firm's (Bluestone on Contoso): Acme's representative is not on Contoso and gets 404 ...
  { path: (i) => `/projects/${i.contoso}/vendors`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/vendors/contracts/${i.bluestoneContract}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/deliverables/${i.bluestoneDeliverable}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/vendors/${i.acme}/scorecard`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/vendors/${i.bluestone}/scorecard`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  // ... and guessing Bluestone's ids under a project they are on is not found for anyone.
  { path: (i) => `/projects/${i.northwind}/vendors/${i.bluestone}/scorecard`, allowed: [] },
  { path: (i) => `/projects/${i.northwind}/vendors/contracts/${i.bluestoneContract}`, allowed: [] },
  { path: (i) => `/projects/${i.northwind}/deliverables/${i.bluestoneDeliverable}`, allowed: [] },
  // Plan modeling (issue 13): read by everyone on the project but its vendors; not found under another project.
  { path: (i) => `/projects/${i.northwind}/modeling`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/modeling/scenarios/${i.scenario}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/modeling/datasets/${i.dataset}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  // Change requests and the schedule (issue 14): every project role but vendors; another project's change is not found.
  { path: () => '/admin/status-rules', allowed: ['admin'] },
  // Notifications (issue 14): everyone signed in reads their own; the outbox and reminder days are for admins.
  { path: () => '/notifications', allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: () => '/admin/outbox', allowed: ['admin'] },
  { path: (i) => `/projects/${i.northwind}/reports`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/reports/${i.report}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/reports/${i.report}`, allowed: [] },
  { path: (i) => `/projects/${i.northwind}/changes`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/changes/${i.change}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/changes/${i.change}`, allowed: [] },
  { path: (i) => `/projects/${i.northwind}/schedule`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/schedule`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  // Recovery (issue 17): Fabrikam's members and admins, never vendors; a project that is not a recovery has none.
  { path: (i) => `/projects/${i.fabrikam}/recovery`, allowed: ['admin', 'pm', 'stakeholder', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.fabrikam}/recovery/presentation`, allowed: ['admin', 'pm', 'stakeholder', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.fabrikam}/recovery/plan`, allowed: ['admin', 'pm', 'stakeholder', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.fabrikam}/recovery/turnaround`, allowed: ['admin', 'pm', 'stakeholder', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/recovery`, allowed: [] },
  { path: (i) => `/projects/${i.contoso}/modeling/datasets/${i.dataset}`, allowed: [] },
  { path: (i) => `/projects/${i.contoso}/modeling`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/modeling/scenarios/${i.scenario}`, allowed: [] },
  { path: (i) => `/projects/${i.northwind}/modeling/compare?scenario=${i.scenario}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/modeling/compare?scenario=${i.scenario}`, allowed: [] },
  {
    path: (i) => `/projects/${i.northwind}/modeling/compare.csv?scenario=${i.scenario}`,
    allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'],
  },
  { path: (i) => `/projects/${i.contoso}/modeling/compare.csv?scenario=${i.scenario}`, allowed: [] },
  // The RAID log (issue 14): everyone on the project; Acme's representative only the items shared with Acme.
  { path: (i) => `/projects/${i.northwind}/raid`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/raid.csv`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/raid/${i.raidShared}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/raid/${i.raidInternal}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  // Contoso's log is empty and shares nothing: no RAID log for a vendor; Northwind's item is not found under Contoso.
  { path: (i) => `/projects/${i.contoso}/raid`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/raid.csv`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/raid/${i.raidShared}`, allowed: [] },
  // E3 optimization (issue 17): Contoso's programme data is payout data, so no vendor reads it; the testers are not on Contoso.
  { path: (i) => `/projects/${i.contoso}/optimization`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/optimization/data`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/optimization/baseline`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/optimization/reviews/1`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/optimization/reviews/9`, allowed: [] },
  // Platform selection (issue 18): never a vendor representative; a decided selection's results are for everyone else on the project.
  { path: (i) => `/projects/${i.northwind}/selections`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/selections/${i.nwSelection}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/selections/${i.nwSelection}/results`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  { path: (i) => `/projects/${i.northwind}/selections/${i.nwSelection}/record`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'] },
  // A score sheet is its evaluator's own: Sam Okafor and Ana Moreno scored Northwind's.
  { path: (i) => `/projects/${i.northwind}/selections/${i.nwSelection}/scores`, allowed: ['stakeholder', 'analyst'] },
  { path: (i) => `/projects/${i.contoso}/selections`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/selections/${i.coSelection}`, allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'viewer'] },
  { path: (i) => `/projects/${i.contoso}/selections/${i.coSelection}/scores`, allowed: ['stakeholder', 'analyst'] },
  // Blind scoring: in scoring, only the analyst (she submitted) reads the results; the sponsor has not submitted yet.
  { path: (i) => `/projects/${i.contoso}/selections/${i.coSelection}/results`, allowed: ['analyst'] },
  { path: (i) => `/projects/${i.contoso}/selections/${i.coSelection}/record`, allowed: ['analyst'] },
  { path: (i) => `/projects/${i.contoso}/selections/${i.nwSelection}`, allowed: [] },
  { path: () => '/admin/people', allowed: ['admin'] },
  { path: () => '/admin/people/1', allowed: ['admin'] },
  { path: () => '/admin/audit', allowed: ['admin'] },
];

/** The ids the table's paths need, read from a demo database. */
export function readIdsOf(dbPath: string): ReadIds {
  const db = openDatabase(dbPath);
  const projectId = (name: string) => db.select().from(projects).where(eq(projects.name, name)).get()!.id;
  const one = (sql: string) => (db.$client.prepare(sql).get() as { id: number }).id;
  const northwind = projectId('Northwind Bank ICM implementation');
  const ids: ReadIds = {
    northwind,
    fabrikam: projectId('Fabrikam Insurance recovery'),
    launch: db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, northwind), eq(phases.key, 'launch')))
      .get()!.id,
    contoso: projectId('Contoso Retail E3 optimization'),
    acmeContract: one("SELECT id FROM contracts WHERE reference = 'ACME-SOW-01'"),
    bluestoneContract: one("SELECT id FROM contracts WHERE reference = 'BSA-SOW-01'"),
    acmeDeliverable: one("SELECT d.id FROM deliverables d JOIN contracts c ON c.id = d.contract_id WHERE c.reference = 'ACME-SOW-01' AND d.key = 'DLV-006'"),
    bluestoneDeliverable: one("SELECT d.id FROM deliverables d JOIN contracts c ON c.id = d.contract_id WHERE c.reference = 'BSA-SOW-01'"),
    raidShared: one(`SELECT id FROM raid_items WHERE project_id = ${northwind} AND key = 'RAID-002'`),
    raidInternal: one(`SELECT id FROM raid_items WHERE project_id = ${northwind} AND key = 'RAID-001'`),
    acme: one("SELECT id FROM vendor_firms WHERE name = 'Acme ICM Partners'"),
    bluestone: one("SELECT id FROM vendor_firms WHERE name = 'Bluestone Analytics'"),
    scenario: one("SELECT id FROM modeling_scenarios WHERE name = 'Raise the top tier to 3 %'"),
    dataset: one("SELECT dataset_id AS id FROM modeling_scenarios WHERE name = 'Raise the top tier to 3 %'"),
    change: one("SELECT id FROM change_requests WHERE key = 'CR-001'"),
    report: one("SELECT max(id) AS id FROM status_reports WHERE state = 'published'"),
    nwSelection: one(`SELECT id FROM selections WHERE project_id = ${northwind}`),
    coSelection: one("SELECT id FROM selections WHERE title = 'Territory and quota planning tool'"),
  };
  db.$client.close();
  return ids;
}

/** The ids as the test names show them (the demo's, so a name does not depend on the run). */
export const shownIds: ReadIds = {
  northwind: 1,
  fabrikam: 3,
  launch: 3,
  contoso: 2,
  acmeContract: 1,
  bluestoneContract: 2,
  acmeDeliverable: 6,
  bluestoneDeliverable: 9,
  raidShared: 2,
  raidInternal: 1,
  acme: 1,
  bluestone: 2,
  scenario: 2,
  dataset: 1,
  change: 1,
  report: 4,
  nwSelection: 1,
  coSelection: 2,
};
