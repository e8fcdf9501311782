import { and, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { plans } from '~/db/schema';
import { createScenario } from '~/workflows/commands/create-scenario';
import { generateDatasetCommand } from '~/workflows/commands/generate-dataset';
import type { Actor } from '~/workflows/policy/roles';

const at = (day: string) => new Date(`${day}T16:00:00Z`);

/**
 * Northwind's plan modeling (issue 13): a generated dataset of commercial bankers on NW-CB-2026 and three
 * scenarios on its version in effect: the base, "raise the top tier to 3 %" and "quotas +10 %". The
 * dataset is kept small (300 participants x 20 transactions) so that seeding stays fast; the issue's
 * 2,000 x 100 is a generate form away.
 */
export function northwindModeling(db: DB, projectId: number, people: { analyst: Actor }) {
  const ctx = { db, actor: people.analyst, now: at('2026-11-16') };
  const cb = db
    .select()
    .from(plans)
    .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
    .get()!;
  const dataset = generateDatasetCommand(ctx, {
    projectId,
    planId: cb.id,
    name: 'Commercial bankers, 2026-Q1 (generated)',
    period: '2026-Q1',
    seed: 2026,
    role: 'commercial banker',
    participants: 300,
    transactionsPerParticipant: 20,
    targetIncentive: '40000',
    quota: '1000000',
    mean: '1',
    spread: '0.25',
  });
  const scenario = (name: string, changes: Record<string, string>) =>
    createScenario(ctx, { projectId, name, planVersionId: cb.currentVersionId!, datasetId: dataset.id, ...changes });
  scenario('Base', {});
  scenario('Raise the top tier to 3 %', { tierComponentId: 'loan_commission', tierNumber: '3', tierRate: '0.03' });
  scenario('Quotas +10 %', { quotaPercent: '10' });
  return { datasetId: dataset.id };
}
