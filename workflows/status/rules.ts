/**
 * The computed status (RAG) of a project (issue 14): rules over live signals, each with its figure and
 * the thresholds that turn it amber or red. Pure: the signals come from workflows/status/signals.ts,
 * the thresholds from the `status_thresholds` table (defaults per methodology, set by an admin).
 *
 * A rule is amber when its figure reaches its amber threshold, red when it reaches its red one (a
 * threshold of 0 is off). The project's colour is the worst of its rules'; the reasons are the rules
 * that are not green, worst first, each with its figure.
 */
export const statusRules = [
  { id: 'overdueGates', label: 'Gates past their phase’s planned end', unit: 'gate' },
  { id: 'overdueMilestones', label: 'Milestones past their due date', unit: 'milestone' },
  { id: 'milestoneSlip', label: 'Largest milestone slip against the schedule baseline', unit: 'day' },
  { id: 'overdueDeliverables', label: 'Vendor deliverables past their due date', unit: 'deliverable' },
  { id: 'failingCriticalCases', label: 'Critical payout cases not passing', unit: 'case' },
  { id: 'openSevereDefects', label: 'Open critical or high defects (severity 1 or 2)', unit: 'defect' },
  { id: 'oldestSevereDefect', label: 'Age of the oldest open critical or high defect', unit: 'day' },
  { id: 'suspectLinks', label: 'Requirements with suspect links not reviewed', unit: 'requirement' },
  { id: 'unmitigatedRisks', label: 'High-exposure risks without a mitigation', unit: 'risk' },
  { id: 'overdueRaid', label: 'Overdue RAID items', unit: 'item' },
  { id: 'changesAwaitingDecision', label: 'Change requests waiting for a decision', unit: 'request' },
] as const;
export type StatusRuleId = (typeof statusRules)[number]['id'];
export const statusRuleIds = statusRules.map((r) => r.id) as StatusRuleId[];

export type Colour = 'green' | 'amber' | 'red';
export type Threshold = { amber: number; red: number };
export type Thresholds = Record<StatusRuleId, Threshold>;
export type Signal = { figure: number; detail: string };
export type Signals = Record<StatusRuleId, Signal>;

/** The defaults every methodology starts with (an admin changes them per methodology). */
export const defaultThresholds: Thresholds = {
  overdueGates: { amber: 1, red: 1 },
  overdueMilestones: { amber: 1, red: 3 },
  milestoneSlip: { amber: 5, red: 15 },
  overdueDeliverables: { amber: 1, red: 3 },
  failingCriticalCases: { amber: 1, red: 3 },
  openSevereDefects: { amber: 1, red: 5 },
  oldestSevereDefect: { amber: 7, red: 21 },
  suspectLinks: { amber: 3, red: 10 },
  unmitigatedRisks: { amber: 1, red: 3 },
  overdueRaid: { amber: 3, red: 8 },
  changesAwaitingDecision: { amber: 2, red: 5 },
};

const rank: Record<Colour, number> = { green: 0, amber: 1, red: 2 };

/** The colour of one figure against its thresholds: red from `red`, amber from `amber`; 0 switches a threshold off. */
export function colourOf(figure: number, t: Threshold): Colour {
  if (t.red > 0 && figure >= t.red) return 'red';
  if (t.amber > 0 && figure >= t.amber) return 'amber';
  return 'green';
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

export type RuleResult = { id: StatusRuleId; label: string; figure: number; shown: string; detail: string; threshold: Threshold; colour: Colour };
export type ComputedStatus = { colour: Colour; rules: RuleResult[]; reasons: string[] };

/** Every rule with its figure and colour; the worst colour; the reasons (rules not green, worst first). */
export function computeStatus(signals: Signals, thresholds: Thresholds): ComputedStatus {
  const rules = statusRules.map((r) => {
    const s = signals[r.id];
    const threshold = thresholds[r.id] ?? defaultThresholds[r.id];
    return { id: r.id, label: r.label, figure: s.figure, shown: plural(s.figure, r.unit), detail: s.detail, threshold, colour: colourOf(s.figure, threshold) };
  });
  const colour = rules.reduce<Colour>((worst, r) => (rank[r.colour] > rank[worst] ? r.colour : worst), 'green');
  const reasons = rules
    .filter((r) => r.colour !== 'green')
    .sort((a, b) => rank[b.colour] - rank[a.colour])
    .map((r) => `${r.label}: ${r.shown}${r.detail ? ` (${r.detail})` : ''}.`);
  return { colour, rules, reasons };
}
