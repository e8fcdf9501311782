import { and, asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parallelRunDetail, varianceLinesPage } from '~/db/queries/testing';
import { parallelRunLines, parallelRuns, plans, testCases } from '~/db/schema';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { createParallelRun } from '~/workflows/commands/create-parallel-run';
import { createPayoutCase } from '~/workflows/commands/create-payout-case';
import { createTestCycle } from '~/workflows/commands/create-test-cycle';
import { maxDatasetBytes, maxDatasetRows } from '~/workflows/testing/payout-case';
import { overThresholdCents, sizeInCents } from '~/workflows/testing/variance-lines';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  const projectId = demo.projects.northwind.id;
  const planId = db
    .select()
    .from(plans)
    .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
    .get()!.id;
  const runCount = () => db.select({ n: count() }).from(parallelRuns).get()!.n;
  return { db, demo, as, projectId, planId, runCount };
}

describe('parallel runs at size', () => {
  it('keeps every variance line one row each, as in the report, for paging', async () => {
    const { db, as, projectId, planId } = await setup();
    const run = createParallelRun(as('tester'), { projectId, name: 'Rows', planId, ...parallelInputs, legacyCsv: legacyPayouts });
    const rows = db.select().from(parallelRunLines).where(eq(parallelRunLines.runId, run.id)).orderBy(asc(parallelRunLines.id)).all();
    expect(rows.map(({ participantId, componentId, legacy, computed, variance }) => ({ participantId, componentId, legacy, computed, variance }))).toEqual(
      run.lines,
    );
    expect(rows.map((r) => r.sizeCents)).toEqual(run.lines.map((l) => Math.round(Math.abs(Number(l.variance)) * 100)));
  });

  it('reads one page of a stored 150,000-line run, worst first, with filters for the unexplained and a participant, quickly', async () => {
    const { db, demo, projectId } = await setup();
    const run = db.select({ id: parallelRuns.id, threshold: parallelRuns.threshold }).from(parallelRuns).where(eq(parallelRuns.projectId, projectId)).get()!;
    const lines = 150_000;
    const insert = db.$client.prepare(
      'INSERT INTO parallel_run_lines (run_id, participant_id, component_id, legacy, computed, variance, size_cents) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.$client.transaction(() => {
      for (let i = 0; i < lines; i++) {
        const variance = (((i * 7919) % 100_000) / 100 - 400).toFixed(2);
        insert.run(
          run.id,
          `P${String(i).padStart(6, '0')}`,
          'bulk_commission',
          '1000.00',
          (1000 + Number(variance)).toFixed(2),
          variance,
          sizeInCents(variance),
        );
      }
    })();
    const overCents = overThresholdCents(run.threshold);

    const started = performance.now();
    const first = varianceLinesPage(db, { runId: run.id, show: 'all', overCents, page: 1, pageSize: 100 });
    const ms = performance.now() - started;
    expect(first.rows).toHaveLength(100);
    expect(first.counts.all).toBe(lines + 6);
    expect(first.matching).toBe(lines + 6);
    // B6's -17,500.00 is the largest; then the bulk lines' largest sizes, never increasing.
    expect(first.rows[0]).toMatchObject({ participantId: 'B6', variance: '-17500.00' });
    const sizes = first.rows.map((r) => r.sizeCents);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // Before: the whole report (30 MB of HTML) for every view of the page.
    expect(ms).toBeLessThan(1000);

    const last = varianceLinesPage(db, { runId: run.id, show: 'all', overCents, page: 10_000, pageSize: 100 });
    expect(last.page).toBe(1501);
    expect(last.rows).toHaveLength(6);

    // Explaining the worst bulk line takes it out of the unexplained ones.
    const unexplained = varianceLinesPage(db, { runId: run.id, show: 'unexplained', overCents, page: 1, pageSize: 100 });
    expect(unexplained.rows.map((r) => r.participantId)).not.toContain('B6');
    const worst = unexplained.rows[0]!;
    db.$client
      .prepare(
        'INSERT INTO variance_classifications (parallel_run_id, participant_id, component_id, classification, note, classified_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(run.id, worst.participantId, worst.componentId, 'data issue', 'bulk', demo.people.tester.id, new Date().toISOString());
    const after = varianceLinesPage(db, { runId: run.id, show: 'unexplained', overCents, page: 1, pageSize: 100 });
    expect(after.counts.unexplained).toBe(unexplained.counts.unexplained - 1);
    expect(after.rows[0]!.participantId).not.toBe(worst.participantId);
    expect(after.rows.every((r) => r.sizeCents > overCents)).toBe(true);

    const one = varianceLinesPage(db, { runId: run.id, show: 'all', overCents, participant: 'P012345', page: 1, pageSize: 100 });
    expect(one.rows.map((r) => r.participantId)).toEqual(['P012345']);
    // The page's other reads stay small too: no files, no whole report.
    expect(Object.keys(parallelRunDetail(db, run.id)!.run)).not.toContain('lines');
  });

  it('refuses a legacy file over 2 MB or 50,000 rows naming the limit, and stores nothing', async () => {
    const { as, projectId, planId, runCount } = await setup();
    const before = runCount();
    const big = await refusal(() =>
      createParallelRun(as('tester'), {
        projectId,
        name: 'Too big',
        planId,
        ...parallelInputs,
        legacyCsv: `participant_id,component_id,amount\n${'B1,loan_commission,1.00\n'.repeat(maxDatasetBytes / 24 + 1)}`,
      }),
    );
    expect(big.status).toBe(400);
    expect(big.fieldErrors.legacyCsv).toBe('This file is larger than the limit: at most 2 MB and 50,000 rows per file.');
    const long = await refusal(() =>
      createParallelRun(as('tester'), {
        projectId,
        name: 'Too long',
        planId,
        ...parallelInputs,
        legacyCsv: `participant_id,component_id,amount\n${'B,c,1\n'.repeat(maxDatasetRows + 1)}`,
      }),
    );
    expect(long.fieldErrors.legacyCsv).toBe('This file has more than 50,000 rows: at most 2 MB and 50,000 rows per file.');
    expect(runCount()).toBe(before);
  });

  it('refuses a payout case whose transactions file is over the limit, naming it', async () => {
    const { db, as, projectId, planId } = await setup();
    const cycle = createTestCycle(as('tester'), {
      projectId,
      name: 'Limits',
      kind: 'UAT',
      entryCriteria: 'x',
      exitCriteria: 'y',
      plannedStart: '2026-12-01',
      plannedEnd: '2026-12-18',
    });
    const e = await refusal(() =>
      createPayoutCase(as('tester'), {
        projectId,
        cycleId: cycle.id,
        planId,
        title: 'Too many transactions',
        ...parallelInputs,
        transactionsCsv: `${parallelInputs.transactionsCsv}${'T,2026-08-01,B1,1,1,loan,new,booked,\n'.repeat(maxDatasetRows)}`,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,1.00\n',
      }),
    );
    expect(e.fieldErrors.transactionsCsv).toBe('This file has more than 50,000 rows: at most 2 MB and 50,000 rows per file.');
    expect(db.select().from(testCases).where(eq(testCases.cycleId, cycle.id)).all()).toHaveLength(0);
  });
});
