import { z } from 'zod';
import { defineCommand } from '../command';
import { applyCycleEvent, loadCycleFor } from '../e3/cycle';
import { programmePeriodsOf } from '../e3/data';
import { kpiDefinition } from '../e3/kpis';
import { invalid } from '../errors';
import { id, list, version } from '../input';
import { itemLinks } from '../notifications/links';
import { notify } from '../notifications/notify';

const DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;

/** A form sends the tracked KPIs as `track` (repeated) with `target:<key>` and `tolerance:<key>` beside each. */
function kpisFromForm(raw: unknown) {
  if (!raw || typeof raw !== 'object' || 'kpis' in raw) return raw;
  const form = raw as Record<string, unknown>;
  const keys = [form.track].flat().filter((k): k is string => typeof k === 'string' && k !== '');
  return { ...form, kpis: keys.map((key) => ({ key, target: form[`target:${key}`] ?? '', tolerance: form[`tolerance:${key}`] ?? '' })) };
}

export const configureE3BaselineInput = z.preprocess(
  kpisFromForm,
  z.object({
    projectId: id(),
    expectedVersion: version(),
    periods: list(z.string().trim().max(20)),
    kpis: z.array(z.object({ key: z.string().max(120), target: z.string().trim().max(20), tolerance: z.string().trim().max(20) })),
    cadenceWeeks: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
      z.number('Reviews come every 1 to 52 weeks.').int().min(1).max(52),
    ),
  }),
);

/**
 * The PM picks the periods that form the baseline, the KPIs to track with a target and a tolerance each,
 * and the review cadence. It can be changed until the sponsor signs; the sponsor then signs what the
 * page showed them (the instance version names this configuration).
 */
export const configureE3Baseline = defineCommand({
  input: configureE3BaselineInput,
  handle: ({ tx, actor, at }, data) => {
    const loaded = loadCycleFor(tx, actor, data.projectId, 'e3.write');
    const errors: Record<string, string> = {};
    const uploaded = new Set(programmePeriodsOf(tx, data.projectId).map((p) => p.period));
    if (data.periods.length === 0) errors.periods = 'Choose at least one period for the baseline.';
    const unknown = data.periods.filter((p) => !uploaded.has(p));
    if (unknown.length > 0) errors.periods = `No programme data for ${unknown.join(', ')}: upload it first.`;
    if (data.kpis.length === 0) errors.track = 'Choose at least one KPI to track.';
    for (const k of data.kpis) {
      if (!kpiDefinition(k.key)) errors.track = `There is no KPI ${k.key}.`;
      if (!DECIMAL.test(k.target)) errors[`target:${k.key}`] = 'Give a target such as 12.5.';
      if (!DECIMAL.test(k.tolerance) || k.tolerance.startsWith('-')) errors[`tolerance:${k.key}`] = 'Give a tolerance of 0 or more, such as 1.5.';
    }
    if (Object.keys(errors).length > 0) throw invalid('Check the highlighted fields.', errors);
    const applied = applyCycleEvent(tx, loaded, {
      event: { type: 'CONFIGURE', actor: loaded.party, at: at.toISOString(), periods: data.periods, kpis: data.kpis, cadenceWeeks: data.cadenceWeeks },
      actor,
      at,
      expectedVersion: data.expectedVersion,
      action: 'e3.baseline_configured',
      detail: `Baseline of cycle ${loaded.cycle.number}: ${data.periods.join(', ')}; ${data.kpis.length} KPIs; reviews every ${data.cadenceWeeks} weeks.`,
    });
    notify(tx, {
      userIds: [loaded.cycle.sponsorId],
      projectId: data.projectId,
      kind: 'signature.requested',
      title: `E3 baseline of ${loaded.project.name} ready for your signature`,
      body: `${actor.name} chose the baseline periods (${data.periods.join(', ')}) and ${data.kpis.length} KPIs to track; as the cycle's sponsor you sign it.`,
      link: itemLinks.optimizationBaseline(data.projectId),
      at,
    });
    return applied;
  },
});
