import { Decimal } from '~/engine';
import { parseCsv } from '~/workflows/csv';
import { generateDataset } from './generate';
import { median, modelingResults } from './results';

type Dec = InstanceType<typeof Decimal>;

/** The attainments the designed curve is computed at: 0 to 200 % in steps of 5 points. */
export const designedAttainments = Array.from({ length: 41 }, (_, i) => new Decimal(i).times('0.05').toFixed(2));

export type DesignedPoint = { attainment: string; payoutPct: string | null };
export type DesignedCurve = { points: DesignedPoint[]; typical: { role: string; targetIncentive: string; quotas: Record<string, string> }; rule: string };

const column = (header: string[], name: string) => header.findIndex((h) => h.trim() === name);

/**
 * The typical participant of a dataset: its most common role, the median target incentive (as the
 * participants file writes it) and, per measure, the median quota of the dataset's period. Null when
 * the files do not give one (no participant, no quota).
 */
export function typicalParticipant(dataset: { period: string; participantsCsv: string; quotasCsv: string }) {
  const people = parseCsv(dataset.participantsCsv);
  const quotas = parseCsv(dataset.quotasCsv);
  if ('error' in people || 'error' in quotas) return null;
  const [roleAt, tiAt] = [column(people.header, 'role'), column(people.header, 'target_incentive')];
  const roles = new Map<string, number>();
  const tis: Dec[] = [];
  for (const r of people.records) {
    const role = (r.cells[roleAt] ?? '').trim();
    roles.set(role, (roles.get(role) ?? 0) + 1);
    const ti = (r.cells[tiAt] ?? '').trim();
    if (/^\d+(\.\d+)?$/.test(ti)) tis.push(new Decimal(ti));
  }
  const [mAt, pAt, qAt] = [column(quotas.header, 'measure'), column(quotas.header, 'period'), column(quotas.header, 'quota')];
  const byMeasure = new Map<string, Dec[]>();
  for (const r of quotas.records) {
    const q = (r.cells[qAt] ?? '').trim();
    if ((r.cells[pAt] ?? '').trim() !== dataset.period || !/^\d+(\.\d+)?$/.test(q)) continue;
    const m = (r.cells[mAt] ?? '').trim();
    byMeasure.set(m, [...(byMeasure.get(m) ?? []), new Decimal(q)]);
  }
  const ti = median(tis.sort((a, b) => a.cmp(b)));
  const role = [...roles].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  if (ti === null || role === undefined || byMeasure.size === 0) return null;
  const cents = (d: Dec) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed();
  const quotasOf: Record<string, string> = {};
  for (const [m, list] of byMeasure) {
    const q = median(list.sort((a, b) => a.cmp(b)));
    if (q?.gt(0)) quotasOf[m] = cents(q);
  }
  return { role, targetIncentive: cents(ti), quotas: quotasOf };
}

/**
 * The plan's designed pay curve: what the plan pays the dataset's typical participant, as a percentage
 * of target incentive, at each attainment from 0 to 200 % in steps of 5 points, computed by the engine
 * itself on one synthetic participant per point with one transaction making the attainment. It is the
 * plan's own rule, not a formula derived apart from it; null when the plan or dataset gives no typical
 * participant or the engine refuses the synthetic one.
 */
export function designedCurve(document: string, dataset: { period: string; participantsCsv: string; quotasCsv: string }): DesignedCurve | null {
  return designedCurveFor(document, dataset.period, typicalParticipant(dataset));
}

export type TypicalParticipant = NonNullable<ReturnType<typeof typicalParticipant>>;

/** The designed curve for a typical participant already found (it depends on the dataset, not on the plan). */
export function designedCurveFor(document: string, period: string, typical: TypicalParticipant | null): DesignedCurve | null {
  if (!typical) return null;
  let synthetic: ReturnType<typeof generateDataset>;
  try {
    synthetic = generateDataset({
      planDocument: document,
      period,
      seed: 0,
      roles: [{ role: typical.role, count: designedAttainments.length, targetIncentive: typical.targetIncentive, quotas: typical.quotas }],
      attainment: { kind: 'historical', csv: `participant_id,attainment\n${designedAttainments.map((a, i) => `D${i},${a}`).join('\n')}\n` },
      transactionsPerParticipant: 1,
    });
  } catch {
    return null;
  }
  const run = modelingResults(document, synthetic);
  if (!run.ok) return null;
  // generated ids are zero-padded in participant order (P00001, ...), so their order is the attainments' order
  const ordered = [...run.results.payCurve.value].sort((a, b) => (a.participantId < b.participantId ? -1 : 1));
  const points = ordered.map((p, i) => ({ attainment: designedAttainments[i] as string, payoutPct: p.payoutPct }));
  return {
    points,
    typical,
    rule: `The plan as designed: what it pays a ${typical.role} with the dataset's median target incentive (${typical.targetIncentive}) and median quota (${Object.entries(
      typical.quotas,
    )
      .map(([m, q]) => `${m} ${q}`)
      .join(', ')}) at each attainment from 0 to 200 % in 5-point steps, computed by the engine on one synthetic participant per point.`,
  };
}
