import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { changeRequests, plans, projectMembers, testCases, testCycles } from '~/db/schema';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { rejectChangeRequest } from '~/workflows/commands/reject-change-request';
import { removeProjectMember } from '~/workflows/commands/remove-project-member';
import { myWork } from '~/workflows/my-work';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const membershipOf = (db: Awaited<ReturnType<typeof seededDb>>['db'], projectId: number, userId: number) =>
  db
    .select()
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .all();

describe('what waits on this person (workflows/my-work.ts, the one home of the rule)', () => {
  it('a stakeholder named on a gate review sees it, and not once their role on the project is no longer one that decides', async () => {
    const { db, demo } = await seededDb();
    const { stakeholder } = demo.people;
    const fabrikam = demo.projects.fabrikam;
    const work = myWork(db, stakeholder);
    expect(work.gates.gatesToDecide.map((g) => `${g.phase} · ${g.project}`)).toContain(`Assess · ${fabrikam.name}`);
    expect(work.requirements.toSign.length).toBeGreaterThan(0);

    db.update(projectMembers)
      .set({ role: 'viewer' })
      .where(and(eq(projectMembers.projectId, fabrikam.id), eq(projectMembers.userId, stakeholder.id)))
      .run();
    expect(myWork(db, stakeholder).gates.gatesToDecide.map((g) => g.projectId)).not.toContain(fabrikam.id);
  });

  it('an assessed change request waits on its decider, not on its requester, and no longer once decided', async () => {
    const { db, demo } = await seededDb();
    const cr = db.select().from(changeRequests).where(eq(changeRequests.key, 'CR-002')).get()!;
    const people = Object.values(demo.people);
    const decider = people.find((p) => p.id === cr.deciderId)!;
    const requester = people.find((p) => p.id === cr.requestedBy)!;
    expect(myWork(db, decider).changes.toDecide).toMatchObject([{ key: 'CR-002', title: 'Clawback report for cancelled loans', projectId: cr.projectId }]);
    expect(myWork(db, requester).changes.toDecide).toEqual([]);
    expect(myWork(db, demo.people.viewer).changes.toDecide).toEqual([]);
    rejectChangeRequest({ db, actor: decider }, { projectId: cr.projectId, changeId: cr.id, reason: 'Not this year.' });
    expect(myWork(db, decider).changes.toDecide).toEqual([]);
  });

  it('defects wait on the analyst to fix them and on a tester other than the fixer to verify them', async () => {
    const { db, demo } = await seededDb();
    const { analyst, tester, viewer } = demo.people;
    const toFix = myWork(db, analyst).testing.openDefects;
    expect(toFix.length).toBeGreaterThan(0);
    expect(toFix.every((d) => d.state === 'open' || d.state === 'inProgress')).toBe(true);
    const toVerify = myWork(db, tester).testing.openDefects;
    expect(toVerify.length).toBeGreaterThan(0);
    expect(toVerify.every((d) => d.state === 'fixed')).toBe(true);
    expect(myWork(db, viewer).testing.openDefects).toEqual([]);

    // The analyst who fixed a defect also becomes a tester on the project: they still do not verify their own fix.
    db.insert(projectMembers).values({ projectId: demo.projects.northwind.id, userId: analyst.id, role: 'tester', addedAt: new Date().toISOString() }).run();
    expect(myWork(db, analyst).testing.openDefects.filter((d) => d.state === 'fixed')).toEqual([]);
  });

  it('a case assigned to a tester who is not on its project waits on no one, and no new case can be assigned so (issue 9, finding 11)', async () => {
    const { db, demo } = await seededDb();
    const { tester2, tester, viewer } = demo.people;
    const northwind = demo.projects.northwind.id;
    const assigned = (who: typeof tester2) => myWork(db, who).testing.assigned;
    // The demo assigns a failing Northwind case to tester2.
    expect(assigned(tester2).map((c) => c.projectId)).toContain(northwind);
    // tester2 leaves Northwind (still a tester elsewhere): the case no longer waits on them.
    for (const m of membershipOf(db, northwind, tester2.id)) removeProjectMember({ db, actor: demo.people.pm }, { projectId: northwind, memberId: m.id });
    expect(assigned(tester2).filter((c) => c.projectId === northwind)).toEqual([]);

    // A row that names as assignee someone who only views the project (written before assignments were checked) waits on no one either.
    const someCase = db.select().from(testCases).where(eq(testCases.projectId, northwind)).all().at(-1)!;
    db.update(testCases).set({ assigneeId: viewer.id }).where(eq(testCases.id, someCase.id)).run();
    expect(assigned(viewer)).toEqual([]);

    // And a case cannot be assigned to someone who is not a tester of its project.
    const cycle = db.select().from(testCycles).where(eq(testCycles.projectId, northwind)).get()!;
    const plan = db.select().from(plans).where(eq(plans.projectId, northwind)).get()!;
    for (const assigneeId of [tester2.id, viewer.id]) {
      const e = await refusal(() =>
        createPayoutCase(
          { db, actor: tester },
          {
            projectId: northwind,
            cycleId: cycle.id,
            planId: plan.id,
            title: 'Assigned outside the project',
            period: someCase.period,
            participantsCsv: someCase.participantsCsv,
            quotasCsv: someCase.quotasCsv,
            transactionsCsv: someCase.transactionsCsv,
            expectedCsv: 'participant_id,component_id,amount\nP1,loan_commission,1.00\n',
            assigneeId,
          },
        ),
      );
      expect(e.fieldErrors.assigneeId).toBe('Assign the case to a tester of this project.');
    }
  });

  it('a requirement or variance report naming a signer who was removed from the project no longer waits on them (issue 9, finding 11)', async () => {
    const { db, demo } = await seededDb();
    const { stakeholder, pm } = demo.people;
    const northwind = demo.projects.northwind.id;
    const before = myWork(db, stakeholder);
    expect(before.requirements.toSign.filter((r) => r.projectId === northwind).length).toBeGreaterThan(0);
    for (const m of membershipOf(db, northwind, stakeholder.id)) removeProjectMember({ db, actor: pm }, { projectId: northwind, memberId: m.id });
    const after = myWork(db, stakeholder);
    expect(after.requirements.toSign.filter((r) => r.projectId === northwind)).toEqual([]);
    expect(after.testing.reports.filter((r) => r.projectId === northwind)).toEqual([]);
    expect(after.gates.gatesToDecide.filter((g) => g.projectId === northwind)).toEqual([]);
    // Their work on the projects they are still on is unchanged.
    expect(after.requirements.toSign).toEqual(before.requirements.toSign.filter((r) => r.projectId !== northwind));
  });

  it('reads the database a fixed number of times, however many items wait (no query per item)', async () => {
    const { db, demo } = await seededDb();
    // Statements are prepared once per connection and run many times: count the runs.
    const statement = Object.getPrototypeOf(db.$client.prepare('SELECT 1'));
    const runs = (['all', 'get', 'run', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
    const count = () => runs.reduce((n, spy) => n + spy.mock.calls.length, 0);
    for (const who of ['stakeholder', 'pm', 'analyst', 'tester'] as const) {
      for (const spy of runs) spy.mockClear();
      myWork(db, demo.people[who]);
      expect(count(), who).toBeGreaterThan(0);
      // One read per kind of item: gates, requirements, plan versions, cases, defects, reports, vendor
      // deliverables, and the memberships; for a PM also contracts with unreleased milestones and those
      // milestones with their deliverables (two); for a vendor representative their firm's defects. For
      // what is late and what waits on others (issue 16): change requests assessed, the latest request or
      // submission of each, the names and the project roles of the people waited on, the reminders
      // sent, open milestones, open RAID items and the reminder days (eight). Recoveries presented (one).
      // The E3 cycles whose cadence review may be late (issue 17): one; those whose baseline or review
      // waits on a signature: one. Platform selections in scoring or review (issue 18): one.
      expect(count(), who).toBeLessThanOrEqual(23);
    }
    for (const spy of runs) spy.mockRestore();
  });
});
