/** A plan document in words: what a stakeholder reads instead of JSON. */
type Doc = Record<string, unknown> & { components?: Record<string, unknown>[]; measures?: Record<string, unknown>[] };

/** A share as the plan in words states it ("50%"), and an amount ("1,000,000.00"): coverage per tier reads the same. */
export const pct = (v: unknown) => {
  // an exact fraction ("1/3") reads as written, with its percentage
  const f = typeof v === 'string' ? /^(\d+)\/(\d+)$/.exec(v) : null;
  if (f) return `${v} (${((Number(f[1]) / Number(f[2])) * 100).toLocaleString('en-US', { maximumFractionDigits: 4 })}%)`;
  return `${(Number(v) * 100).toLocaleString('en-US', { maximumFractionDigits: 4 })}%`;
};
export const amt = (v: unknown) => Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });

/** The slope of a curve segment as percentage points of payout per 1% of attainment ("1.5%"). */
function slope(p: { attainment: unknown; payout: unknown }, q: { attainment: unknown; payout: unknown }) {
  const s = (Number(q.payout) - Number(p.payout)) / (Number(q.attainment) - Number(p.attainment));
  return `${s.toLocaleString('en-US', { maximumFractionDigits: 4 })}%`;
}

function cap(c: unknown): string | null {
  if (!c || typeof c !== 'object') return null;
  const k = c as { kind: string; amount?: unknown; share?: unknown };
  return k.kind === 'amount' ? `at most ${amt(k.amount)}` : `at most ${pct(k.share)} of target incentive`;
}

/** A plan period in words, singular ("two-week cycle" rather than the key "two_weeks"). */
export function periodNoun(kind: unknown): string {
  return kind === 'two_weeks' ? 'two-week cycle' : String(kind ?? 'period');
}

/** How often the plan pays, saying what a week or a cycle is (their boundaries are not obvious). */
function periodText(doc: Doc): string {
  if (doc.periodKind === 'week') return 'Pays by week (ISO weeks, Monday to Sunday; a year has 52 or 53)';
  if (doc.periodKind === 'two_weeks')
    return `Pays by two-week cycle (14 days, repeating from ${String(doc.periodAnchor)}; the cycles starting in a calendar year make its year, 26 or 27)`;
  return `Pays by ${String(doc.periodKind)}`;
}

/** How a participant active for part of a period is prorated, in words (every plan says it: calendar days when the plan does not). */
function prorationText(p: unknown): string {
  const pr = (p ?? {}) as { method?: string; targetIncentive?: boolean; quota?: boolean; draw?: boolean };
  const method = pr.method ?? 'calendar_days';
  if (method === 'none') return 'A participant active for part of a period is not prorated.';
  const what = [pr.targetIncentive !== false ? 'target incentive' : '', pr.quota !== false ? 'quota' : '', pr.draw !== false ? 'draw' : ''].filter(Boolean);
  if (what.length === 0) return 'A participant active for part of a period is not prorated.';
  const by =
    method === 'whole_months'
      ? 'by whole months (active months / months in the period; a month counts when the participant is active on its 15th)'
      : method === 'working_days'
        ? 'by working days (active Mondays to Fridays / Mondays to Fridays in the period)'
        : 'by calendar days (active days / days in the period)';
  return `A participant active for part of a period has ${what.join(', ')} prorated ${by}.`;
}

/** The plan-level rules in words: multipliers, the draw, clawbacks, in the order the engine applies them. */
function planRulesText(doc: Doc): string[] {
  const out: string[] = [];
  if ((doc.crediting as { on?: string } | undefined)?.on === 'collection')
    out.push('Transactions credit in the period the customer pays them (their paid date), not when they are booked; unpaid ones wait.');
  for (const m of (doc.multipliers as { id: string; measure: string; components: string[]; steps: { from: unknown; factor: unknown }[] }[]) ?? [])
    out.push(
      `Multiplier ${m.id}: ${m.components.join(' and ')} ${m.steps.map((st) => `x${String(st.factor)} from ${m.measure} attainment ${pct(st.from)}`).join(', ')} (x1 below), after their own caps and before the total cap.`,
    );
  const d = doc.draw as
    | { kind: string; payment?: string; amountPerPeriod: unknown; recoveryLimit?: { kind: string; amount?: unknown; share?: unknown } }
    | undefined;
  if (d) {
    const limit = d.recoveryLimit
      ? `, at most ${d.recoveryLimit.kind === 'amount' ? amt(d.recoveryLimit.amount) : `${pct(d.recoveryLimit.share)} of earnings`} a period`
      : '';
    if (d.payment === 'advance')
      out.push(
        d.kind === 'recoverable'
          ? `A draw of ${amt(d.amountPerPeriod)} is paid in full every period and recovered from earnings${limit}; what is not yet recovered is owed and carried.`
          : `A draw of ${amt(d.amountPerPeriod)} is paid in full every period and recovered from that period's earnings only; the rest is forgiven.`,
      );
    else
      out.push(
        d.kind === 'recoverable'
          ? `Earnings below ${amt(d.amountPerPeriod)} a period are advanced up to it and recovered from later earnings above it${limit}.`
          : `Earnings below ${amt(d.amountPerPeriod)} a period are topped up to it (a guarantee, never recovered).`,
      );
  }
  const cb = doc.clawback as { windowDays: number; method: string } | undefined;
  if (cb) out.push(`A transaction cancelled within ${cb.windowDays} days takes back ${cb.method === 'full' ? 'all' : 'the unelapsed share of'} what it paid.`);
  const ex = doc.exitClawback as { components: string[]; withinMonths: number; share: unknown } | undefined;
  if (ex) out.push(`Leaving within ${ex.withinMonths} months of a period's end repays ${pct(ex.share)} of what ${ex.components.join(' and ')} paid for it.`);
  return out;
}

export function planSummary(document: string) {
  const doc = JSON.parse(document) as Doc;
  const facts = [
    `${periodText(doc)} in ${String(doc.currency)}.`,
    doc.totalCap ? `A participant's total is capped ${cap(doc.totalCap)}.` : null,
    ...planRulesText(doc),
    prorationText(doc.proration),
  ].filter((x): x is string => !!x);
  const measures = (doc.measures ?? []).map((m) => {
    const f = (m.filter ?? {}) as { types?: string[]; products?: string[] };
    const where = [f.types?.length ? `type ${f.types.join(' or ')}` : '', f.products?.length ? `product ${f.products.join(' or ')}` : '']
      .filter(Boolean)
      .join(', ');
    return `${String(m.id)}${m.name ? ` (${String(m.name)})` : ''}: ${String(m.source)} of transactions${where ? ` with ${where}` : ''}.`;
  });
  const components = (doc.components ?? []).map((c) => {
    const lines: string[] = [];
    switch (c.type) {
      case 'rate_table': {
        const tiers = (c.tiers as { from: unknown; rate?: unknown; amount?: unknown }[]) ?? [];
        const at = (v: unknown) => (c.basis === 'attainment' ? pct(v) : amt(v));
        if (tiers.some((t) => t.amount !== undefined)) {
          lines.push(
            `Flat amounts on ${String(c.measure)} by ${String(c.basis)}, ${String(c.scope)} scope: the tier reached pays its amount (not a rate); a value exactly on a boundary belongs to the ${c.boundary === 'lower' ? 'lower' : 'higher'} tier; no credit pays nothing:`,
          );
          tiers.forEach((t, i) => {
            const next = tiers[i + 1];
            lines.push(`from ${at(t.from)} ${next ? `to ${at(next.from)}` : 'upwards'}: pays ${amt(t.amount)}`);
          });
          break;
        }
        lines.push(`${String(c.method)} rates on ${String(c.measure)} by ${String(c.basis)}, ${String(c.scope)} scope:`);
        for (const t of tiers) lines.push(`from ${c.basis === 'attainment' ? pct(t.from) : amt(t.from)}: ${pct(t.rate)}`);
        break;
      }
      case 'attainment_bonus': {
        lines.push(
          `Bonus worth ${pct(c.targetShare)} of target incentive, on ${String(c.measure)} attainment (${String(c.scope)}); nothing below ${pct(c.threshold ?? 0)}.`,
        );
        const curve = (c.curve as { attainment: unknown; payout: unknown; step?: boolean }[]) ?? [];
        curve.forEach((p, i) => {
          const prev = curve[i - 1];
          if (p.step && prev)
            lines.push(
              `step at ${pct(p.attainment)}: below it the payout stays at ${pct(prev.payout)}; from exactly ${pct(p.attainment)} attainment it pays ${pct(p.payout)}`,
            );
          else lines.push(`${pct(p.attainment)} attainment pays ${pct(p.payout)}`);
        });
        const last = curve[curve.length - 1];
        const before = curve[curve.length - 2];
        if (last && before)
          lines.push(
            c.beyondLast === 'extend_slope'
              ? `beyond ${pct(last.attainment)} the payout keeps rising at the last segment's slope (${slope(before, last)} per 1% of attainment), without limit`
              : `beyond ${pct(last.attainment)} the payout stays at ${pct(last.payout)} (flat)`,
          );
        for (const b of (c.bands as { from: unknown; to: unknown; multiplier: unknown }[]) ?? [])
          lines.push(`between ${pct(b.from)} and ${b.to === null ? 'above' : pct(b.to)} the gain is multiplied by ${String(b.multiplier)}`);
        break;
      }
      case 'referral':
        lines.push(
          `${amt(c.amountPerReferral)} per referral (transactions of type ${String(c.transactionType)})${c.maxPerPeriod ? `, at most ${String(c.maxPerPeriod)} a period` : ''}.`,
        );
        break;
      case 'spif':
        lines.push(`SPIF for matching transactions in its window: ${JSON.stringify(c.pay)}.`);
        break;
      case 'mbo':
        lines.push(
          `MBO worth ${pct(c.targetShare)} of target incentive: ${((c.objectives as { id: string; weight: unknown }[]) ?? []).map((o) => `${o.id} ${pct(o.weight)}`).join(', ')}.`,
        );
        break;
      default:
        lines.push(`${String(c.type)} component.`);
    }
    const capText = cap(c.cap);
    if (capText) lines.push(`Capped ${capText}.`);
    if (c.gate) {
      const g = c.gate as { measure: string; minAttainment: unknown; whenClosed: unknown };
      lines.push(`Gate: unless ${g.measure} attainment reaches ${pct(g.minAttainment)}, pays ${cap(g.whenClosed)}.`);
    }
    return { id: String(c.id), name: String(c.name ?? c.id), type: String(c.type), lines };
  });
  return { id: String(doc.id), name: String(doc.name), facts, measures, components };
}
