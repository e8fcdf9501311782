import { generateDatasetCommand } from '~/workflows/commands/generate-dataset';
import { seededDb } from './db';
import { planByKey } from './plans';

/**
 * The seeded demo with a generated dataset of commercial bankers on Northwind's NW-CB-2026, made by the
 * analyst through the command (issue 13's tests): small enough to run in a moment, the same for a seed.
 */
export async function modelingSetup(opts: { participants?: number; transactionsPerParticipant?: number; seed?: number; spread?: string } = {}) {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const cb = planByKey(db, projectId, 'NW-CB-2026');
  const now = new Date('2026-11-30T12:00:00Z');
  const ctx = { db, actor: demo.people.analyst, now };
  const dataset = generateDatasetCommand(ctx, {
    projectId,
    planId: cb.id,
    name: 'Bankers',
    period: '2026-Q1',
    seed: opts.seed ?? 11,
    role: 'commercial banker',
    participants: opts.participants ?? 80,
    transactionsPerParticipant: opts.transactionsPerParticipant ?? 5,
    targetIncentive: '40000',
    quota: '1000000',
    mean: '1',
    spread: opts.spread ?? '0.3',
  });
  return { db, demo, projectId, cb, ctx, dataset, versionId: cb.currentVersionId! };
}
