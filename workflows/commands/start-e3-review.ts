import { z } from 'zod';
import { defineCommand } from '../command';
import { applyCycleEvent, loadCycleFor, valuesOver } from '../e3/cycle';
import { programmePeriodsOf } from '../e3/data';
import { invalid } from '../errors';
import { id, list, version } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';

export const startE3ReviewInput = z.object({
  projectId: id(),
  expectedVersion: version(),
  periods: list(z.string().trim().max(20)),
});

/**
 * The PM opens the cadence review of new periods: every tracked KPI is computed over them now and
 * frozen into the review, so what the sponsor signs is what the team compared.
 */
export const startE3Review = defineCommand({
  input: startE3ReviewInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadCycleFor(tx, actor, data.projectId, 'e3.write');
    const uploaded = new Set(programmePeriodsOf(tx, data.projectId).map((p) => p.period));
    if (data.periods.length === 0) throw invalid('Check the highlighted fields.', { periods: 'Choose at least one period to review.' });
    const unknown = data.periods.filter((p) => !uploaded.has(p));
    if (unknown.length > 0) throw invalid('Check the highlighted fields.', { periods: `No programme data for ${unknown.join(', ')}: upload it first.` });
    const keys = loaded.context.config?.kpis.map((k) => k.key) ?? [];
    const values = valuesOver(tx, data.projectId, data.periods, keys);
    const applied = applyCycleEvent(tx, loaded, {
      event: { type: 'START_REVIEW', actor: loaded.party, at: at.toISOString(), periods: data.periods, ...values },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.review_started',
      detail: `Review ${loaded.context.reviews.length + 1} of cycle ${loaded.cycle.number}: ${data.periods.join(', ')}.`,
    });
    const number = loaded.context.reviews.length + 1;
    notify(tx, {
      userIds: [loaded.cycle.sponsorId],
      projectId: data.projectId,
      kind: 'signature.requested',
      title: `E3 review ${number} of ${loaded.project.name} started`,
      body: `${actor.name} started review ${number} (${data.periods.join(', ')}); as the cycle's sponsor you sign it once its findings are recorded.`,
      link: itemLinks.optimizationReview(data.projectId, number),
      at,
    });
    return applied;
  },
});
