/**
 * Output formats: the payouts CSV of the command line, the canonical JSON the result hash is taken
 * over, and the explain document. All deterministic: same inputs, same bytes.
 */
import type { CalculateResult, PayoutLine } from './calculate';
import { sha256Hex } from './sha256';

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** per period and participant, the plans their lines come from (two: a plan change in the period) */
function plansPerParticipant(result: CalculateResult): Map<string, Set<string>> {
  const plansPer = new Map<string, Set<string>>();
  for (const l of result.lines) {
    const k = `${l.period}|${l.participantId}`;
    let s = plansPer.get(k);
    if (!s) {
      s = new Set();
      plansPer.set(k, s);
    }
    s.add(l.planId);
  }
  return plansPer;
}

/**
 * `period,participant_id,component_id,amount,balance_owed` lines, then a `TOTAL` line per participant
 * and period (after that participant's lines). `balance_owed` is filled only on the `draw` line of a
 * recoverable draw: the balance owed after the period. When a participant is on two plans in one period (a plan change),
 * component ids are written as `plan_id/component_id`.
 */
export function payoutsCsv(result: CalculateResult): string {
  const plansPer = plansPerParticipant(result);
  const totalsBy = new Map<string, string>();
  for (const t of result.totals) totalsBy.set(`${t.period}|${t.participantId}`, t.amount);
  const out: string[] = ['period,participant_id,component_id,amount,balance_owed'];
  let prevKey: string | null = null;
  const flush = (key: string | null) => {
    if (key === null) return;
    const [period = '', pid = ''] = key.split('|');
    out.push(`${csvField(period)},${csvField(pid)},TOTAL,${totalsBy.get(key) ?? '0'},`);
  };
  for (const l of result.lines) {
    const k = `${l.period}|${l.participantId}`;
    if (k !== prevKey) {
      flush(prevKey);
      prevKey = k;
    }
    const comp = componentName(plansPer, l);
    out.push(`${csvField(l.period)},${csvField(l.participantId)},${csvField(comp)},${l.amount},${l.balance ?? ''}`);
  }
  flush(prevKey);
  return `${out.join('\n')}\n`;
}

function componentName(plansPer: Map<string, Set<string>>, l: PayoutLine): string {
  return (plansPer.get(`${l.period}|${l.participantId}`)?.size ?? 1) > 1 ? `${l.planId}/${l.componentId}` : l.componentId;
}

export const DETAIL_HEADER = 'period,participant_id,component_id,kind,transaction_id,credit,tier,rate,earned,amount';

/**
 * The detail file written by --detail (a run calculated with `options.detail`): one row per credited
 * transaction (and tier slice) of each line, or one period-level row, in the order of the payout lines,
 * component ids named as in the payouts file. For every period, participant and component the
 * `amount`s add up exactly to the payout line (see engine/detail.ts for how they are allocated).
 */
export function detailCsv(result: CalculateResult): string {
  const plansPer = plansPerParticipant(result);
  const out: string[] = [DETAIL_HEADER];
  for (const l of result.lines) {
    const head = `${csvField(l.period)},${csvField(l.participantId)},${csvField(componentName(plansPer, l))}`;
    for (const d of l.detail ?? []) out.push(`${head},${d.kind},${csvField(d.transactionId)},${d.credit},${d.tier},${d.rate},${d.earned},${d.amount}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The canonical text the result hash is taken over: lines (without explain traces) and totals, in
 * output order, as JSON with a fixed key order. Explain traces are left out so that the hash is the
 * same whether or not traces were built; they are derived from the same numbers.
 */
export function canonicalResult(result: CalculateResult): string {
  // a draw balance is appended only where there is one, so results without recoverable draws keep their hash
  const lines = result.lines.map((l) => {
    const row = [l.period, l.participantId, l.planId, l.componentId, l.componentType, l.amount, l.basis, l.attainment, l.tier, l.rate];
    if (l.balance !== undefined) row.push(l.balance);
    return row;
  });
  const totals = result.totals.map((t) => [t.period, t.participantId, t.currency, t.amount]);
  return JSON.stringify({ v: 1, lines, totals });
}

/** sha256 (hex) of the canonical result. */
export function resultHash(result: CalculateResult, hash: (text: string) => string = sha256Hex): string {
  return hash(canonicalResult(result));
}

/** The explain document written by --explain: every line and total with its trace, plus the carry. */
export function explainJson(result: CalculateResult, hash: string): string {
  const sorted = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const c = result.carry;
  const carry = {
    drawBalances: sorted(c.drawBalances),
    ptdPaid: sorted(c.ptdPaid),
    paidByTransaction: sorted(c.paidByTransaction),
    clawedByTransaction: sorted(c.clawedByTransaction),
    ...(c.exitPaid ? { exitPaid: sorted(c.exitPaid) } : {}),
  };
  return `${JSON.stringify({ resultHash: hash, arithmetic: result.arithmetic, warmUpPeriods: result.warmUpPeriods, warnings: result.warnings, lines: result.lines.map(({ detail: _detail, ...l }) => l), totals: result.totals, carry }, null, 2)}\n`;
}
