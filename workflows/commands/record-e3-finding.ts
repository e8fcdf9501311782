import { z } from 'zod';
import { defineCommand } from '../command';
import { applyCycleEvent, loadCycleFor } from '../e3/cycle';
import { verdictOf } from '../e3/kpis';
import { id, text, version } from '../input';
import { latestReview } from '../machines/e3-cycle';

export const recordE3FindingInput = z.object({
  projectId: id(),
  expectedVersion: version(),
  kpi: z.string('Choose the KPI the finding is about.').min(1, 'Choose the KPI the finding is about.').max(120),
  note: text({ max: 2000, min: 10, message: 'Say what the finding is (at least 10 characters).' }),
});

/** The PM or an analyst records a finding of the review in progress; its evidence (the KPI's values and verdict) is taken from the review. */
export const recordE3Finding = defineCommand({
  input: recordE3FindingInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadCycleFor(tx, actor, data.projectId, 'e3.write');
    const review = latestReview(loaded.context);
    const tracked = loaded.context.config?.kpis.find((k) => k.key === data.kpi);
    const verdict = review && tracked ? verdictOf(data.kpi, review.values[data.kpi] ?? null, tracked.target, tracked.tolerance) : null;
    return applyCycleEvent(tx, loaded, {
      event: { type: 'RECORD_FINDING', actor: loaded.party, at: at.toISOString(), kpi: data.kpi, note: data.note, verdict },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.finding_recorded',
      detail: `Finding on ${data.kpi} in review ${review?.number ?? '?'} of cycle ${loaded.cycle.number}.`,
    });
  },
});
