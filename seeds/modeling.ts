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
 * dataset has 2,000 participants and 200,000 transactions, as issue 13 asks.
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
    participants: 2000,
    transactionsPerParticipant: 100,
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
