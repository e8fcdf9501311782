import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import type { ProjectRole, StakeholderFunction } from '~/db/schema';
import { milestones, phases, users, workflowInstances } from '~/db/schema';
import { toActor } from '~/workflows/auth/actor';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { approveGate } from '~/workflows/commands/approve-gate';
import { completeMilestone } from '~/workflows/commands/complete-milestone';
import { createProject } from '~/workflows/commands/create-project';
import { createUser } from '~/workflows/commands/create-user';
import { rejectGate } from '~/workflows/commands/reject-gate';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import { phaseGate, signatureMeaning } from '~/workflows/machines/phase-gate';
import { minimumPasswordHashCost, withPasswordHashCost } from '~/workflows/passwords';
import { type Actor, systemActor } from '~/workflows/policy/roles';
import { contextOf } from '~/workflows/runtime';
import { contosoE3 } from './e3';
import { northwindGovernance } from './governance';
import { northwindModeling } from './modeling';
import { northwindRegister } from './northwind-requirements';
import { northwindTesting } from './northwind-testing';
import { northwindRaid } from './raid';
import { fabrikamRecovery } from './recovery';
import { contosoSelection, northwindSelection } from './selection';
import { seedTemplatesIfMissing } from './templates';
import { contosoVendors, northwindVendors } from './vendors';

/** Every demo account uses this password (README lists the accounts). */
export const demoPassword = 'portal-demo-2026';

/**
 * The demo accounts' password is published, so their hashes protect nothing: they are made at the
 * lowest accepted cost, which makes the seed take seconds instead of half a minute
 * (docs/decisions/0004-fast-tests.md). Accounts people create later use the configured cost.
 */
export const demoPasswordHashCost = minimumPasswordHashCost;

export const demoPeople = {
  admin: { email: 'admin@demo.test', name: 'Ada Admin', title: 'Portal administrator', isAdmin: true },
  pm: { email: 'pm@demo.test', name: 'Paula Prakash', title: 'Implementation project manager' },
  stakeholder: { email: 'stakeholder@demo.test', name: 'Sam Okafor', title: 'VP Sales, Commercial Banking' },
  finance: { email: 'finance@demo.test', name: 'Fiona Lindqvist', title: 'Finance director' },
  salesops: { email: 'salesops@demo.test', name: 'Omar Reyes', title: 'Director of sales operations' },
  analyst: { email: 'analyst@demo.test', name: 'Ana Moreno', title: 'Compensation analyst' },
  tester: { email: 'tester@demo.test', name: 'Tomas Berg', title: 'Test lead' },
  tester2: { email: 'tester2@demo.test', name: 'Priya Nair', title: 'UAT tester' },
  vendor: { email: 'vendor@demo.test', name: 'Victor Hale', title: 'Delivery lead', vendorFirm: 'Acme ICM Partners' },
  viewer: { email: 'viewer@demo.test', name: 'Vera Chen', title: 'PMO director' },
  vendor2: { email: 'vendor2@demo.test', name: 'Nadia Brooks', title: 'Engagement manager', vendorFirm: 'Bluestone Analytics' },
} as const;
type Person = keyof typeof demoPeople;

const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

/** Builds the demo organisation by running the same commands people trigger in the portal. */
export async function seedDemo(db: DB) {
  const admin = { db, actor: systemActor };
  seedTemplatesIfMissing(db);

  const people = {} as Record<Person, Actor>;
  for (const [key, p] of Object.entries(demoPeople) as [Person, (typeof demoPeople)[Person]][]) {
    const user = await withPasswordHashCost(demoPasswordHashCost, () => createUser({ ...admin, now: at('2026-05-20') }, { ...p, password: demoPassword }));
    people[key] = toActor(user);
  }
  const as = (who: Person, day: string) => ({ db, actor: people[who], now: at(day) });

  // Each person's function on a project decides the meanings they may sign with: Sam Okafor (VP Sales)
  // signs as the business owner, Fiona Lindqvist as finance (docs/decisions/0010-stakeholder-functions.md).
  const members = (projectId: number, day: string, list: [Person, ProjectRole, StakeholderFunction][]) => {
    for (const [who, role, fn] of list) addProjectMember(as('pm', day), { projectId, userId: people[who].id, role, function: fn });
  };
  const phaseOf = (projectId: number, key: string) =>
    db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, projectId), eq(phases.key, key)))
      .orderBy(asc(phases.position))
      .get()!;
  const checklistOf = (phase: typeof phases.$inferSelect) => {
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    return contextOf(phaseGate, instance)
      .checklist.filter((c) => !c.evidence)
      .map((c) => ({ key: c.key, checked: true, note: '' }));
  };
  const meaningOf = (phase: typeof phases.$inferSelect) => {
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    return signatureMeaning(contextOf(phaseGate, instance));
  };
  const passGate = async (projectId: number, key: string, approvers: Person[], requestDay: string, approveDay: string) => {
    const phase = phaseOf(projectId, key);
    requestGateReview(as('pm', requestDay), {
      phaseId: phase.id,
      checklist: checklistOf(phase),
      approverIds: approvers.map((a) => people[a].id),
    });
    for (const who of approvers)
      await approveGate(as(who, approveDay), { phaseId: phase.id, password: demoPassword, meaning: meaningOf(phase), ...gateSignatureBasis(db, phase.id) });
  };
  const reach = (projectId: number, names: Record<string, string>) => {
    for (const m of db.select().from(milestones).where(eq(milestones.projectId, projectId)).all())
      if (names[m.name]) completeMilestone(as('pm', names[m.name]!), { projectId, milestoneId: m.id, doneOn: names[m.name] });
  };

  // Northwind Bank: a SALE implementation now in Launch, with its Scope and Architect gates behind it.
  const northwind = createProject(as('admin', '2026-06-01'), {
    name: 'Northwind Bank ICM implementation',
    client: 'Northwind Bank',
    methodologyKey: 'SALE',
    startDate: '2026-06-01',
    targetDate: '2027-02-26',
    pmUserId: people.pm.id,
  });
  members(northwind.id, '2026-06-02', [
    ['stakeholder', 'stakeholder', 'business_owner'],
    ['finance', 'stakeholder', 'finance'],
    ['salesops', 'stakeholder', 'sales_operations'],
    ['analyst', 'analyst', 'compensation'],
    ['tester', 'tester', 'project_delivery'],
    ['tester2', 'tester', 'sales_operations'],
    ['vendor', 'vendor', 'project_delivery'],
    ['viewer', 'viewer', 'project_delivery'],
  ]);
  reach(northwind.id, { 'Charter signed': '2026-06-12' });
  const register = northwindRegister(db, northwind.id, people, demoPassword);
  // The Scope gate's "platform selected" criterion is computed: the sponsor signs the decision on 29 June.
  await northwindSelection(db, northwind.id, people, demoPassword);
  reach(northwind.id, { 'Platform selected': '2026-06-30' });
  await register.beforeScopeGate();
  await passGate(northwind.id, 'scope', ['stakeholder', 'finance'], '2026-07-10', '2026-07-14');
  reach(northwind.id, { 'Scope gate': '2026-07-14' });
  await register.beforeArchitectGate();
  reach(northwind.id, { 'Design workshops complete': '2026-08-14' });
  const architect = phaseOf(northwind.id, 'architect');
  requestGateReview(as('pm', '2026-09-04'), {
    phaseId: architect.id,
    checklist: checklistOf(architect),
    approverIds: [people.stakeholder.id, people.finance.id],
  });
  rejectGate(as('finance', '2026-09-07'), {
    phaseId: architect.id,
    expectedVersion: gateSignatureBasis(db, architect.id).expectedVersion,
    reason: 'The test strategy has no payout cases for the capped quarterly bonus; add them before we sign.',
  });
  await passGate(northwind.id, 'architect', ['stakeholder', 'finance'], '2026-09-18', '2026-09-22');
  reach(northwind.id, { 'Architect gate': '2026-09-22' });
  await register.afterArchitectGate();
  await northwindTesting(db, northwind.id, people, demoPassword);
  await northwindVendors(db, northwind.id, people, demoPassword);
  northwindModeling(db, northwind.id, people);
  northwindRaid(db, northwind.id, people);
  await northwindGovernance(db, northwind.id, people, demoPassword);

  // Contoso Retail: an E3 optimization cycle; the baseline is established, the first evaluation runs.
  const contoso = createProject(as('pm', '2026-08-03'), {
    name: 'Contoso Retail E3 optimization',
    client: 'Contoso Retail',
    methodologyKey: 'E3',
    startDate: '2026-08-03',
    targetDate: '2027-01-29',
  });
  members(contoso.id, '2026-08-03', [
    ['stakeholder', 'stakeholder', 'business_owner'],
    ['analyst', 'analyst', 'compensation'],
    ['viewer', 'viewer', 'project_delivery'],
    ['vendor2', 'vendor', 'project_delivery'],
  ]);
  await contosoVendors(db, contoso.id, people, demoPassword);
  // The Establish gate's "Baseline KPIs measured and agreed" is computed: the sponsor signs the baseline first.
  const e3 = contosoE3(db, contoso.id, people, demoPassword);
  await e3.beforeEstablishGate();
  await passGate(contoso.id, 'establish', ['stakeholder'], '2026-09-11', '2026-09-15');
  reach(contoso.id, { 'Baseline agreed': '2026-09-15' });
  await e3.afterEstablishGate();
  await contosoSelection(db, contoso.id, people, demoPassword);

  // Fabrikam Insurance: a troubled implementation in recovery; the assessment awaits the stakeholders.
  const fabrikam = createProject(as('pm', '2026-10-19'), {
    name: 'Fabrikam Insurance recovery',
    client: 'Fabrikam Insurance',
    methodologyKey: 'RECOVERY',
    startDate: '2026-10-19',
    targetDate: '2027-03-26',
  });
  members(fabrikam.id, '2026-10-19', [
    ['finance', 'stakeholder', 'finance'],
    ['stakeholder', 'stakeholder', 'business_owner'],
    ['tester', 'tester', 'project_delivery'],
    ['viewer', 'viewer', 'project_delivery'],
  ]);
  fabrikamRecovery(db, fabrikam.id, people);
  // The review is requested with the assessment in progress: its computed criteria (areas assessed)
  // are recorded unmet with the request, as the gate page shows them to the approvers.
  const assess = phaseOf(fabrikam.id, 'assess');
  requestGateReview(as('pm', '2026-11-20'), {
    phaseId: assess.id,
    checklist: checklistOf(assess),
    approverIds: [people.stakeholder.id, people.finance.id],
  });

  return { people, projects: { northwind, contoso, fabrikam } };
}

/** Seeds only an empty database, so a second start changes nothing. */
export async function seedIfEmpty(db: DB): Promise<boolean> {
  if (db.select({ id: users.id }).from(users).limit(1).get()) return false;
  await seedDemo(db);
  return true;
}
