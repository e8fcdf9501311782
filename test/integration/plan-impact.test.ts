/**
 * Issue 11, acceptance 4: the payout impact of a draft against the version in effect, on the Northwind
 * UAT dataset, equals the difference of two full engine runs. The test runs the engine itself on both
 * documents and adds the lines up with decimal.js, then compares with what the impact says.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parallelRuns, planVersions, testCases } from '~/db/schema';
import { Decimal } from '~/engine';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { parallelInputs } from '~/seeds/northwind-testing';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { impactDatasets, planImpact } from '~/workflows/plans/impact';
import { type PayoutDataset, runEngine } from '~/workflows/testing/engine-run';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';
import { refusal } from '../support/refusal';

const today = new Date('2026-11-30T12:00:00Z');

async function setup() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const plan = (key: string) => planByKey(db, projectId, key);
  const document = (planId: number, number: number) =>
    db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
      .get()!.document;
  return { db, demo, projectId, plan, document };
}

/** NW-CB-2026 with the top tier (from 100 % attainment) paying 3 % instead of 2.5 %. */
const richerTopTier = {
  ...commercialBankerPlan,
  components: commercialBankerPlan.components.map((c) => ({ ...c, tiers: c.tiers.map((t) => (t.from === 1 ? { ...t, rate: 0.03 } : t)) })),
};

/** The test's own reckoning: one engine run per document, summed per component and per participant. */
function independently(before: string, after: string, d: PayoutDataset) {
  const sums = (doc: string) => {
    const run = runEngine(doc, d);
    if (!run.ok) throw new Error(JSON.stringify(run.problems));
    const byComponent = new Map<string, Decimal>();
    const byParticipant = new Map<string, Decimal>();
    for (const l of run.lines) {
      byComponent.set(l.componentId, (byComponent.get(l.componentId) ?? new Decimal(0)).plus(l.amount));
      byParticipant.set(l.participantId, (byParticipant.get(l.participantId) ?? new Decimal(0)).plus(l.amount));
    }
    return { byComponent, byParticipant };
  };
  return { before: sums(before), after: sums(after) };
}

describe('the payout impact of a plan version (issue 11, acceptance 4)', () => {
  it('a draft of NW-CB-2026 with a richer top tier, on the parallel run’s inputs, equals the difference of two engine runs', async () => {
    const { db, demo, projectId, plan, document } = await setup();
    const cb = plan('NW-CB-2026');
    const draft = uploadPlanVersion(
      { db, actor: demo.people.analyst, now: today },
      { projectId, document: JSON.stringify(richerTopTier, null, 2), note: 'Top tier 3 %' },
    ).version;
    expect(draft.number).toBe(2);
    const run = db.select().from(parallelRuns).where(eq(parallelRuns.projectId, projectId)).get()!;
    expect(impactDatasets(db, cb.id).map((d) => d.param)).toContain(`run:${run.id}`);

    const impact = planImpact(db, demo.people.viewer, { projectId, planId: cb.id, number: 2 }, { kind: 'run', runId: run.id }, today);
    expect(impact.before?.number).toBe(1);
    expect(impact.after.number).toBe(2);
    if (impact.outcome.kind !== 'computed') throw new Error(impact.outcome.kind);
    const o = impact.outcome;

    const mine = independently(document(cb.id, 1), document(cb.id, 2), parallelInputs);
    for (const c of o.components) {
      const b = mine.before.byComponent.get(c.id) ?? new Decimal(0);
      const a = mine.after.byComponent.get(c.id) ?? new Decimal(0);
      expect(new Decimal(c.before).eq(b), `${c.id} before`).toBe(true);
      expect(new Decimal(c.after).eq(a), `${c.id} after`).toBe(true);
      expect(new Decimal(c.difference).eq(a.minus(b)), `${c.id} difference`).toBe(true);
    }
    expect(o.components.map((c) => c.id)).toEqual([...mine.after.byComponent.keys()]);
    const total = (m: Map<string, Decimal>) => [...m.values()].reduce((s, v) => s.plus(v), new Decimal(0));
    expect(new Decimal(o.total.difference).eq(total(mine.after.byComponent).minus(total(mine.before.byComponent)))).toBe(true);
    expect(o.participants).toHaveLength(mine.after.byParticipant.size);
    for (const p of o.participants) {
      const b = mine.before.byParticipant.get(p.participantId)!;
      const a = mine.after.byParticipant.get(p.participantId)!;
      expect(new Decimal(p.difference).eq(a.minus(b)), p.participantId).toBe(true);
    }

    // By hand: quota 1,000,000; above 100 % attainment each dollar pays 0.5 % more.
    // B6 books 2,000,000 (+5,000.00), B1 1,300,000 (+1,500.00), B4 1,100,000 (+500.00); the others stay below 100 %.
    expect(o.components).toEqual([{ id: 'loan_commission', name: 'Loan commission', before: '71000.00', after: '78000.00', difference: '7000.00' }]);
    expect(o.total).toEqual({ before: '71000.00', after: '78000.00', difference: '7000.00' });
    expect(o.up.map((p) => [p.participantId, p.name, p.before, p.after, p.difference])).toEqual([
      ['B6', 'Farah Haddad', '32500.00', '37500.00', '5000.00'],
      ['B1', 'Avery Lee', '15000.00', '16500.00', '1500.00'],
      ['B4', 'Dmitri Orlov', '10000.00', '10500.00', '500.00'],
    ]);
    expect(o.down).toEqual([]);
    expect([o.changed, o.compared]).toEqual([3, 6]);
  });

  it('NW-RM-2026 version 2 (the cap, in approval) lowers the pay of the RM over 125 % on its payout case: the most down', async () => {
    const { db, demo, projectId, plan, document } = await setup();
    const rm = plan('NW-RM-2026');
    const cases = db.select().from(testCases).where(eq(testCases.planId, rm.id)).all();
    const outcomes = cases.map((c) => ({
      c,
      impact: planImpact(db, demo.people.viewer, { projectId, planId: rm.id, number: 2 }, { kind: 'case', caseId: c.id }, today),
    }));
    const lowered = outcomes.filter((x) => x.impact.outcome.kind === 'computed' && x.impact.outcome.down.length > 0);
    expect(lowered).toHaveLength(1);
    const { c, impact } = lowered[0]!;
    if (impact.outcome.kind !== 'computed') throw new Error('not computed');
    // 140 % attainment: the uncapped curve pays 180 % of a 5,000 target (9,000.00); the cap stops it at 150 % (7,500.00).
    expect(impact.outcome.down.map((p) => [p.before, p.after, p.difference])).toEqual([['9000.00', '7500.00', '-1500.00']]);
    const mine = independently(document(rm.id, 1), document(rm.id, 2), {
      period: c.period!,
      participantsCsv: c.participantsCsv!,
      quotasCsv: c.quotasCsv!,
      transactionsCsv: c.transactionsCsv!,
    });
    const bonus = impact.outcome.components.find((x) => x.id === 'quarterly_bonus')!;
    expect(new Decimal(bonus.difference).eq(mine.after.byComponent.get('quarterly_bonus')!.minus(mine.before.byComponent.get('quarterly_bonus')!))).toBe(true);
  });

  it('an uploaded dataset the engine refuses: its problems by file and line, for the version it ran on', async () => {
    const { db, demo, projectId, plan } = await setup();
    const cb = plan('NW-CB-2026');
    const bad = { ...parallelInputs, quotasCsv: `${parallelInputs.quotasCsv}B7,loan_bookings,2026-Q3,not a number\n` };
    const impact = planImpact(db, demo.people.viewer, { projectId, planId: cb.id, number: 1 }, { kind: 'upload', dataset: bad }, today);
    if (impact.outcome.kind !== 'refused') throw new Error(impact.outcome.kind);
    expect(impact.outcome.refusals.map((r) => r.side)).toEqual(['before', 'after']);
    expect(impact.outcome.refusals[0]!.problems).toContainEqual(expect.objectContaining({ file: 'quotas', line: 8 }));
  });

  it('a plan with no version in effect has nothing to compare with', async () => {
    const { db, demo, projectId } = await setup();
    const fresh = uploadPlanVersion(
      { db, actor: demo.people.analyst, now: today },
      { projectId, document: JSON.stringify({ ...commercialBankerPlan, id: 'NW-CB-2027', name: 'Commercial banker plan 2027' }) },
    );
    const impact = planImpact(
      db,
      demo.people.viewer,
      { projectId, planId: fresh.plan.id, number: 1 },
      { kind: 'upload', dataset: { ...parallelInputs, participantsCsv: parallelInputs.participantsCsv.replaceAll('NW-CB-2026', 'NW-CB-2027') } },
      today,
    );
    expect(impact.before).toBeNull();
    expect(impact.outcome).toEqual({ kind: 'nothing in effect' });
  });

  it('a vendor representative may not compute it; a payout case of another plan is not found', async () => {
    const { db, demo, projectId, plan } = await setup();
    const cb = plan('NW-CB-2026');
    const rmCase = db
      .select()
      .from(testCases)
      .where(eq(testCases.planId, plan('NW-RM-2026').id))
      .get()!;
    const ref = { projectId, planId: cb.id, number: 1 };
    expect((await refusal(() => planImpact(db, demo.people.vendor, ref, { kind: 'upload', dataset: parallelInputs }, today))).code).toMatch(
      /forbidden|not_found/,
    );
    expect((await refusal(() => planImpact(db, demo.people.viewer, ref, { kind: 'case', caseId: rmCase.id }, today))).code).toBe('not_found');
  });
});
