import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parallelRuns } from '~/db/schema';
import { participantTrace } from '~/workflows/testing/participant-trace';
import { seededDb } from '../support/db';

describe('a parallel run participant’s explain trace (the drill-down from a variance line)', () => {
  it('re-runs the engine on that participant’s stored inputs and plan version, giving the amounts the run stored, with each step', async () => {
    const { db, demo } = await seededDb();
    const q3 = db
      .select()
      .from(parallelRuns)
      .where(and(eq(parallelRuns.projectId, demo.projects.northwind.id), eq(parallelRuns.name, 'Q3 parallel run')))
      .get()!;
    const b3 = participantTrace(db, q3.id, 'B3')!;
    expect(b3.matches).toBe(true);
    expect(b3.problems).toEqual([]);
    expect(b3.lines).toHaveLength(1);
    const [line] = b3.lines;
    expect(line).toMatchObject({
      componentId: 'loan_commission',
      legacy: '675.00',
      computed: '0.00',
      recomputed: '0.00',
      variance: '-675.00',
      percent: '-100.00',
    });
    expect(line!.traces).toHaveLength(1);
    const steps = line!.traces[0]!.steps;
    // B3 is at 45% of quota: the attainment is computed, and the first tier pays 0%.
    expect(steps.find((s) => s.calc?.op === 'div')?.calc).toEqual({ op: 'div', args: ['450000', '1000000'], result: '0.45' });
    expect(steps.at(-1)).toMatchObject({ calc: { op: 'mul', args: ['450000', '0'], result: '0' }, delta: '0' });

    const b6 = participantTrace(db, q3.id, 'B6')!;
    expect(b6.lines[0]).toMatchObject({ computed: '32500.00', recomputed: '32500.00', percent: '-35.00' });
    expect(participantTrace(db, q3.id, 'nobody')).toBeNull();
  });
});
