import { Decimal } from '~/engine';
import { formatDate, parseDate, periodContaining } from '~/engine/dates';
import { type EngineProblem, type PayoutDataset, runEngine } from '../testing/engine-run';

/**
 * Worked illustrations of a plan version for the plan document: what one participant of the plan
 * would be paid at 50 %, 80 %, 100 %, 120 % and 150 % of quota, computed by the engine itself on the
 * version's document. Each illustration is a small synthetic dataset (one participant, a quota per
 * measure, credited revenue = quota x attainment) built here without the engine, so a participant
 * reads amounts the engine would really pay, never a re-computation.
 */
export const illustrationAttainments = ['0.5', '0.8', '1', '1.2', '1.5'] as const;

/** The named target incentive and quota the illustrations assume (per period of the plan). */
export const illustrationBasis = { targetIncentive: '40000', quota: '1000000' } as const;
export type IllustrationBasis = { targetIncentive: string; quota: string };

const PARTICIPANT = 'P1';
const periodOf = {
  week: { period: '2026-W03', date: '2026-01-14' },
  month: { period: '2026-01', date: '2026-01-15' },
  quarter: { period: '2026-Q1', date: '2026-02-15' },
  year: { period: '2026', date: '2026-06-15' },
};

type Measure = { id: string; source?: string; filter?: { types?: string[]; products?: string[]; dateFrom?: string; dateTo?: string } };
type Component = { id: string; name?: string; type: string; measure?: string; gate?: { measure?: string } };
type Doc = {
  id: string;
  currency: string;
  periodKind: keyof typeof periodOf | 'two_weeks';
  periodAnchor?: string;
  measures?: Measure[];
  components?: Component[];
};

/** Why a component cannot be illustrated from quota and revenue alone, or null when it can. */
const needs: Record<string, string> = {
  referral: 'it pays per referral, which a quota and credited revenue do not tell',
  spif: 'it pays for particular transactions in its window, which a quota and credited revenue do not tell',
  mbo: 'it pays on objective scores, which a quota and credited revenue do not tell',
};

/** The transaction credited to a measure: of the type and product its filter asks for. */
const transactionFor = (m: Measure) => ({ type: m.filter?.types?.[0] ?? 'sale', product: m.filter?.products?.[0] ?? 'product' });
const counts = (m: Measure, t: { type: string; product: string }) =>
  (!m.filter?.types?.length || m.filter.types.includes(t.type)) && (!m.filter?.products?.length || m.filter.products.includes(t.product));

/** The plan's two-week cycle holding 2026-01-15 (cycles depend on the plan's anchor), and a day inside it. */
function cycleOf(anchor: string | undefined): { period: string; date: string } {
  const c = periodContaining('two_weeks', parseDate('2026-01-15') as number, (anchor && parseDate(anchor)) || 0);
  return { period: c.label, date: formatDate(c.start + 7) };
}

/**
 * The synthetic dataset of one illustration: the plan's participant with the target incentive, a quota
 * per measure and one credited transaction per measure worth quota x attainment (its quantity too, for
 * measures that count quantities). `unusable` names the measures whose attainment the dataset cannot
 * set alone (another measure's transaction also counts in it, it counts transactions, or its date
 * window leaves out the illustration's day).
 */
export function illustrationDataset(document: string, attainment: string, basis: IllustrationBasis = illustrationBasis) {
  const doc = JSON.parse(document) as Doc;
  const { period, date } = doc.periodKind === 'two_weeks' ? cycleOf(doc.periodAnchor) : (periodOf[doc.periodKind] ?? periodOf.quarter);
  const measures = doc.measures ?? [];
  const revenue = new Decimal(basis.quota).times(attainment).toFixed();
  const credited = measures.map((m) => ({ measure: m, ...transactionFor(m) }));
  const outsideWindow = (m: Measure) => (m.filter?.dateFrom ?? date) > date || (m.filter?.dateTo ?? date) < date;
  const unusable = new Set(
    measures.filter((m) => m.source === 'count' || outsideWindow(m) || credited.some((t) => t.measure.id !== m.id && counts(m, t))).map((m) => m.id),
  );
  const dataset: PayoutDataset = {
    period,
    participantsCsv: `participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\n${PARTICIPANT},Illustration,${doc.id},participant,,${basis.targetIncentive},,,${doc.currency}\n`,
    quotasCsv: `participant_id,measure,period,quota\n${measures.map((m) => `${PARTICIPANT},${m.id},${period},${basis.quota}`).join('\n')}\n`,
    transactionsCsv: `transaction_id,date,participant_id,amount,quantity,product,type,status,split\n${credited
      .map((t, i) => `T${i + 1},${date},${PARTICIPANT},${revenue},${t.measure.source === 'quantity' ? revenue : '1'},${t.product},${t.type},booked,`)
      .join('\n')}\n`,
  };
  return { dataset, revenue, unusable };
}

export type IllustratedComponent = { id: string; name: string; amount: string | null; notIllustrated: string | null };
export type Illustration = {
  attainment: string;
  percent: string;
  revenue: string;
  components: IllustratedComponent[];
  /** The engine's total for the participant, when every component could be illustrated. */
  total: string | null;
  problems: EngineProblem[];
};

/** Runs the engine on the version's document for each attainment. */
export function planIllustrations(document: string, basis: IllustrationBasis = illustrationBasis): Illustration[] {
  const doc = JSON.parse(document) as Doc;
  return illustrationAttainments.map((attainment) => {
    const { dataset, revenue, unusable } = illustrationDataset(document, attainment, basis);
    const outcome = runEngine(document, dataset);
    const percent = `${new Decimal(attainment).times(100).toFixed()}%`;
    if (!outcome.ok) return { attainment, percent, revenue, components: [], total: null, problems: outcome.problems };
    const components = (doc.components ?? []).map((c): IllustratedComponent => {
      const blockedMeasure = [c.measure, c.gate?.measure].find((m) => m && unusable.has(m));
      const notIllustrated = needs[c.type] ?? (blockedMeasure ? `its measure ${blockedMeasure} cannot be set from one quota and credited revenue` : null);
      const lines = outcome.lines.filter((l) => l.participantId === PARTICIPANT && l.componentId === c.id);
      const amount = notIllustrated || lines.length !== 1 ? null : lines[0]!.amount;
      return { id: c.id, name: c.name ?? c.id, amount, notIllustrated: notIllustrated ?? (amount === null ? 'the engine paid no line for it' : null) };
    });
    const complete = components.every((c) => c.notIllustrated === null);
    const total = complete ? (outcome.totals.find((t) => t.participantId === PARTICIPANT)?.amount ?? null) : null;
    return { attainment, percent, revenue, components, total, problems: [] };
  });
}
