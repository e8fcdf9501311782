/**
 * Issue 10, acceptance 7: per-component and per-tier coverage for NW-CB-2026 lists the tiers no
 * passing case reaches. Passing is coverage.ts's `standingOf` 'passed'; the tier a line reached is
 * read from the `reached` markers of its explain trace.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { plans, testCases, testRuns } from '~/db/schema';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { runTestCase } from '~/workflows/commands/run-test-case';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { planCoverage } from '~/workflows/testing/tier-coverage';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';

async function setup() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const plan = (key: string) => planByKey(db, projectId, key);
  const caseId = (key: string) =>
    db
      .select()
      .from(testCases)
      .where(and(eq(testCases.projectId, projectId), eq(testCases.key, key)))
      .get()!.id;
  const coverage = (key: string) => planCoverage(db, plan(key).id)!;
  const uncovered = (key: string) =>
    coverage(key).uncovered.map((u) => `${u.componentId} ${u.part ? `${u.part.table} ${u.part.tier}: ${u.part.label}` : '(component)'}`);
  return { db, demo, projectId, caseId, coverage, uncovered };
}

describe('coverage per plan component and rate-table tier', () => {
  it('lists the tiers of NW-CB-2026 no passing case reaches', async () => {
    const { coverage, uncovered } = await setup();
    // NW-CB-2026 has one component, loan_commission: marginal rates by attainment of a 1,000,000 quota,
    // tier 1 from 0% (0%), tier 2 from 50% (1.5%), tier 3 from 100% (2.5%). Its seeded payout cases:
    // - TC-001 (REQ-001, banker at 130%: 1,300,000 booked) passes: it ends in tier 3;
    // - TC-002 (REQ-001, banker at 40%: 400,000 booked) passes: it ends in tier 1;
    // - TC-006 (the 60/40 split of 2,000,000: B1 at 120%, tier 3; B2 at 80%, tier 2) fails, since
    //   B2's expected 4,800.00 was copied from the legacy 42% share: it does not count.
    // So tier 2, the only tier a banker ending between 50% and 100% of quota lands in, is reached by
    // no passing case.
    const cb = coverage('NW-CB-2026');
    expect(uncovered('NW-CB-2026')).toEqual(['loan_commission tiers 2: from 50% to 100% of quota: 1.5%']);
    expect(cb.passing.map((c) => c.key)).toEqual(['TC-001', 'TC-002']);
    expect(cb.notCounted.map((c) => `${c.key} ${c.standing.result}`)).toEqual(['TC-006 failed']);
    expect(cb.untraced).toEqual([]);
    const [commission] = cb.components;
    expect(commission).toMatchObject({ id: 'loan_commission', name: 'Loan commission', covered: true });
    expect(commission!.cases.map((c) => c.key)).toEqual(['TC-001', 'TC-002']);
    expect(commission!.parts!.list.map((p) => [p.tier, p.label, p.cases.map((c) => c.key)])).toEqual([
      [1, 'from 0% to 50% of quota: 0%', ['TC-002']],
      [2, 'from 50% to 100% of quota: 1.5%', []],
      [3, 'from 100% of quota: 2.5%', ['TC-001']],
    ]);
  });

  it('lists the curve segments of NW-RM-2026 no passing case reaches, and a component without tiers as a whole', async () => {
    const { coverage, uncovered } = await setup();
    // NW-RM-2026 version 1 is in effect (version 2, with the cap, waits in approval): the quarterly bonus
    // curve 75% -> 50%, 100% -> 100%, 125% -> 150%, 200% -> 300%, nothing below the 75% threshold.
    // TC-003 (110%) passes on version 1; TC-004 (140%) expects the cap and fails there; TC-005 (three
    // referrals) passes for the referral incentive, which has no tiers.
    expect(uncovered('NW-RM-2026')).toEqual([
      'quarterly_bonus curve 0: below 75% attainment: nothing pays',
      'quarterly_bonus curve 1: from 75% to 100% attainment: pays 50% to 100% of target',
      'quarterly_bonus curve 3: from 125% to 200% attainment: pays 150% to 300% of target',
      'quarterly_bonus curve 4: above 200% attainment: flat at 300% of target',
    ]);
    const rm = coverage('NW-RM-2026');
    expect(rm.components.map((c) => [c.id, c.covered, c.cases.map((k) => k.key)])).toEqual([
      ['quarterly_bonus', true, ['TC-003']],
      ['referral_incentive', true, ['TC-005']],
    ]);
    expect(rm.components[0]!.parts!.list.filter((p) => p.covered).map((p) => [p.label, p.cases.map((c) => c.key)])).toEqual([
      ['from 100% to 125% attainment: pays 100% to 150% of target', ['TC-003']],
    ]);
  });

  it('counts only runs that stand passed on the current version: a new version leaves every tier uncovered', async () => {
    const { db, demo, projectId, coverage } = await setup();
    const { plan, version } = uploadPlanVersion(
      { db, actor: demo.people.analyst },
      { projectId, document: JSON.stringify(commercialBankerPlan), note: 'Same rates, re-uploaded' },
    );
    // A draft changes nothing: coverage is of the version in effect.
    expect(coverage('NW-CB-2026').version).toBe(1);
    expect(coverage('NW-CB-2026').passing.map((c) => c.key)).toEqual(['TC-001', 'TC-002']);
    // Once it is in effect (as publishing makes it on its effective date), the old runs no longer count.
    db.update(plans).set({ currentVersionId: version.id }).where(eq(plans.id, plan.id)).run();
    const cb = coverage('NW-CB-2026');
    expect(cb.version).toBe(2);
    expect(cb.passing).toEqual([]);
    expect(cb.notCounted.map((c) => c.standing.result)).toEqual(['stale', 'stale', 'stale']);
    expect(cb.uncovered.map((u) => `${u.componentId} ${u.part?.tier ?? '(component)'}`)).toEqual(['loan_commission (component)']);
    expect(cb.components[0]!.parts!.list.every((p) => !p.covered)).toBe(true);
  });

  it('a run recorded before traces named tiers counts for its component, reaches no tier, and counts again once re-run', async () => {
    const { db, demo, projectId, caseId, coverage } = await setup();
    // TC-001's run as an engine build before the markers recorded it: the same lines without `reached`
    const run = db
      .select()
      .from(testRuns)
      .where(eq(testRuns.caseId, caseId('TC-001')))
      .all()
      .at(-1)!;
    const strip = (explain: unknown) => JSON.parse(JSON.stringify(explain, (k, v) => (k === 'reached' ? undefined : v)));
    db.update(testRuns)
      .set({ engineVersion: 'spm-engine 1 (plan schema 1)', lines: run.lines.map((l) => ({ ...l, explain: strip(l.explain) })) })
      .where(eq(testRuns.id, run.id))
      .run();
    const before = coverage('NW-CB-2026');
    expect(before.untraced.map((c) => c.key)).toEqual(['TC-001']);
    expect(before.components[0]!.cases.map((c) => c.key)).toEqual(['TC-001', 'TC-002']);
    expect(before.uncovered.map((u) => u.part?.tier)).toEqual([2, 3]);

    runTestCase({ db, actor: demo.people.tester }, { projectId, caseId: caseId('TC-001') });
    const after = coverage('NW-CB-2026');
    expect(after.untraced).toEqual([]);
    expect(after.uncovered.map((u) => u.part?.tier)).toEqual([2]);
  });
});
