/**
 * A vendor's scorecard on one project, per calendar month and to date, from its history: deliverables
 * (due dates, numbered submissions, acceptance or waiver), defects assigned to the firm, and
 * commitments. Pure: no database, no clock (`today` is an input), so the page, the vendor's view and
 * the tests read the same figures (architecture.md: evidence has one definition).
 *
 * Every figure carries its rule as a sentence for the page, its numerator and denominator, and the
 * keys it counted. A figure whose denominator is 0 is not applicable (value null), never 0 % or 100 %.
 * Values are exact decimal strings rounded once, explicitly, to one decimal, half up ("66.7").
 *
 * Months: each item counts in the month of the day its outcome was settled (stated per figure), so
 * a month's figure reads the outcomes settled in it and the figure to date at the end of a month is
 * the sum of the months up to it: what the scorecard would have read that day. Outcomes settled after
 * `today` are not counted yet.
 */
import { Decimal, parseDate } from '~/engine';
import { addDays } from '~/workflows/clock';
import { addBusinessDays } from '~/workflows/vendors/business-days';

// ---------------------------------------------------------------------------------------------
// Input

export type SubmissionOutcome = 'accepted' | 'rejected' | 'pending';

/** A deliverable's history. Submissions are in order: submissions[0] is submission 1. */
export interface DeliverableHistory {
  key: string;
  /** YYYY-MM-DD */
  due: string;
  submissions: { on: string; outcome: SubmissionOutcome }[];
  /** The day the client reviewer accepted it (signed), or null. */
  acceptedOn: string | null;
  /** The day the PM waived it, or null. */
  waivedOn?: string | null;
}

export type DefectStage = 'uat' | 'parallel' | 'production' | (string & {});

/** A defect assigned to the vendor's firm. */
export interface DefectHistory {
  key: string;
  severity: 1 | 2 | 3 | 4;
  /** Where it was found: UAT, a parallel run, production (after launch), or another stage (not counted as found or escaped). */
  foundIn: DefectStage;
  openedOn: string;
  fixedOn: string | null;
}

export type CommitmentStatus = 'met' | 'missed' | 'open';

/** A dated promise that is not a deliverable. */
export interface CommitmentHistory {
  text: string;
  due: string;
  status: CommitmentStatus;
  /** The day it was marked met or missed; the due date when not given (and never later than today). */
  settledOn?: string | null;
}

/** Business days allowed to fix a defect, per severity; null: no service level (the defect is not counted). */
export interface DefectServiceLevel {
  businessDays: Record<1 | 2 | 3 | 4, number | null>;
  /** Days that are not business days besides weekends (YYYY-MM-DD). */
  holidays: string[];
}

/**
 * The default defect service level: critical and major defects (severity 1-2) fixed within 3
 * business days (the commitment the issue names), severity 3 within 10, severity 4 within 20.
 */
export const DEFAULT_DEFECT_SERVICE_LEVEL: DefectServiceLevel = { businessDays: { 1: 3, 2: 3, 3: 10, 4: 20 }, holidays: [] };

export interface ScorecardInput {
  deliverables: DeliverableHistory[];
  defects: DefectHistory[];
  commitments: CommitmentHistory[];
  serviceLevel?: DefectServiceLevel;
  /** YYYY-MM-DD: the scorecard reads the history as it stood at the end of this day. */
  today: string;
}

// ---------------------------------------------------------------------------------------------
// Output

export type FigureId = 'onTime' | 'firstPass' | 'daysLate' | 'defectSla' | 'escapedDefects' | 'commitmentsMet';

export interface Figure {
  id: FigureId;
  label: string;
  /** Exact decimal string, one decimal ("66.7"); null when not applicable (denominator 0). */
  value: string | null;
  unit: '%' | 'days';
  /** Whether a higher value is better (escaped defects and days late: lower is better). */
  better: 'higher' | 'lower';
  /** Items meeting the rule (for days late: total calendar days late). */
  numerator: number;
  denominator: number;
  /** Keys (commitments: texts) in the denominator, and those in the numerator (days late: the late ones). */
  counted: string[];
  hits: string[];
  /** The rule as a sentence, for the page. */
  rule: string;
}

export type Figures = Record<FigureId, Figure>;
export type Letter = 'A' | 'B' | 'C' | 'D';

export interface Grade {
  /** null: nothing to judge yet (every graded figure not applicable). */
  letter: Letter | null;
  /** Why this letter and not the one above, e.g. "B, not A: first-pass acceptance 75.0 % is below 80 %". */
  reason: string;
}

export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  figures: Figures;
}

/** The figures to date as they stood at the end of a month (or on `today` for the current month). */
export interface TrendPoint {
  month: string;
  asOf: string;
  onTime: string | null;
  firstPass: string | null;
  daysLate: string | null;
  defectSla: string | null;
  escapedDefects: string | null;
  commitmentsMet: string | null;
  grade: Letter | null;
}

export interface Scorecard {
  asOf: string;
  months: MonthFigures[];
  toDate: Figures;
  grade: Grade;
  gradeRule: string;
  trend: TrendPoint[];
}

// ---------------------------------------------------------------------------------------------
// Grade thresholds

/** The figures a grade reads: higher is better except escaped defects (a ceiling). */
export type GradedFigure = 'onTime' | 'firstPass' | 'defectSla' | 'escapedDefects' | 'commitmentsMet';

export interface GradeThreshold {
  letter: Exclude<Letter, 'D'>;
  /** Minimum percentages (escapedDefects: maximum). */
  onTime: string;
  firstPass: string;
  defectSla: string;
  escapedDefects: string;
  commitmentsMet: string;
}

/**
 * A: on-time >= 90 %, first-pass >= 80 %, defect service level >= 95 %, escaped <= 10 %, commitments
 * met >= 90 %. B: 80, 65, 85, <= 20, 75. C: 65, 50, 70, <= 30, 50. D otherwise.
 */
export const GRADE_THRESHOLDS: GradeThreshold[] = [
  { letter: 'A', onTime: '90', firstPass: '80', defectSla: '95', escapedDefects: '10', commitmentsMet: '90' },
  { letter: 'B', onTime: '80', firstPass: '65', defectSla: '85', escapedDefects: '20', commitmentsMet: '75' },
  { letter: 'C', onTime: '65', firstPass: '50', defectSla: '70', escapedDefects: '30', commitmentsMet: '50' },
];

const GRADED: GradedFigure[] = ['onTime', 'firstPass', 'defectSla', 'escapedDefects', 'commitmentsMet'];

const LABELS: Record<FigureId, string> = {
  onTime: 'On-time delivery',
  firstPass: 'First-pass acceptance',
  daysLate: 'Average days late',
  defectSla: 'Defect service-level compliance',
  escapedDefects: 'Escaped defects',
  commitmentsMet: 'Commitments met',
};

const holds = (figure: GradedFigure, value: string, threshold: string) =>
  figure === 'escapedDefects' ? new Decimal(value).lte(threshold) : new Decimal(value).gte(threshold);

/** The grade rule as a sentence, from the thresholds. */
export function gradeRule(thresholds: GradeThreshold[] = GRADE_THRESHOLDS): string {
  const one = (t: GradeThreshold) =>
    `${t.letter}: on-time delivery at least ${t.onTime} %, first-pass acceptance at least ${t.firstPass} %, defect service-level compliance at least ${t.defectSla} %, escaped defects at most ${t.escapedDefects} % and commitments met at least ${t.commitmentsMet} %`;
  return (
    `${thresholds.map(one).join('; ')}; D otherwise. ` +
    `The best grade whose every threshold holds, compared with the figures to date as shown (one decimal). ` +
    `A figure that is not applicable (nothing to count yet) is left out: it neither raises nor lowers the grade; ` +
    `when every one is not applicable there is no grade yet. Average days late is shown, not graded: on-time delivery already counts lateness.`
  );
}

/** The grade from the figures' values (exact decimal strings or null for not applicable). */
export function gradeOf(values: Record<GradedFigure, string | null>, thresholds: GradeThreshold[] = GRADE_THRESHOLDS): Grade {
  const present = GRADED.filter((f) => values[f] !== null);
  if (present.length === 0) return { letter: null, reason: 'Not graded: no figure is applicable yet.' };
  const failures = (t: GradeThreshold) =>
    present
      .filter((f) => !holds(f, values[f]!, t[f]))
      .map((f) => `${LABELS[f].toLowerCase()} ${values[f]} % is ${f === 'escapedDefects' ? 'above' : 'below'} ${t[f]} %`);
  let above: GradeThreshold | undefined;
  for (const t of thresholds) {
    if (failures(t).length === 0) {
      return {
        letter: t.letter,
        reason: above ? `${t.letter}, not ${above.letter}: ${failures(above).join('; ')}.` : `${t.letter}: every threshold of ${t.letter} holds.`,
      };
    }
    above = t;
  }
  return { letter: 'D', reason: above ? `D, not ${above.letter}: ${failures(above).join('; ')}.` : 'D.' };
}

// ---------------------------------------------------------------------------------------------
// Rules

function rules(serviceLevel: DefectServiceLevel): Record<FigureId, string> {
  const bySeverity = ([1, 2, 3, 4] as const)
    .map((s) => (serviceLevel.businessDays[s] === null ? `severity ${s} has none` : `severity ${s} within ${serviceLevel.businessDays[s]} business days`))
    .join(', ');
  return {
    onTime:
      'Deliverables accepted on or before their due date, out of deliverables accepted or already due. ' +
      'The denominator takes every deliverable whose outcome is known: accepted (early ones too), or past its due date without acceptance, ' +
      'so an overdue deliverable lowers the figure from its due date instead of hiding until it arrives, and one not yet due is not judged. ' +
      'A deliverable waived on or before its due date is not counted; one waived after it stays late. ' +
      'Each counts in the month of its acceptance when on time, otherwise of its due date.',
    firstPass: 'Deliverables accepted on submission 1, out of deliverables accepted; counted in the month of acceptance.',
    daysLate:
      'Calendar days from the due date to acceptance (0 when accepted on or before it), averaged over the deliverables accepted, ' +
      'rounded to one decimal, half up; counted in the month of acceptance. Deliverables not yet accepted are in on-time delivery, not here.',
    defectSla:
      `Defects assigned to the firm fixed within their severity's business days (${bySeverity}; weekends${serviceLevel.holidays.length ? ' and holidays' : ''} excluded, ` +
      'the day it was opened not counted), out of defects counted. An open defect past its limit counts as a miss; one still within it is not counted yet. ' +
      'A defect counts in the month it was fixed when on time, otherwise of the first day after its limit.',
    escapedDefects:
      'Defects found in a parallel run or in production (after launch), out of all defects found in UAT, a parallel run or production; ' +
      'lower is better. Defects found at other stages are not counted. Counted in the month the defect was opened.',
    commitmentsMet:
      'Commitments met, out of commitments met or missed; open commitments are not counted. Counted in the month each was marked met or missed (its due date when not recorded).',
  };
}

// ---------------------------------------------------------------------------------------------
// Computation

/** An item's outcome for one figure, on the day it was settled. */
interface Outcome {
  day: string;
  key: string;
  hit: boolean;
  /** days late (daysLate only) */
  days?: number;
}

const DAY_MS = 86_400_000;
const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const monthOf = (day: string) => day.slice(0, 7);
const minDay = (a: string, b: string) => (a < b ? a : b);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
const lastDayOf = (month: string) => addDays(`${nextMonth(month)}-01`, -1);

/** Division truncated at 40 digits, so the one rounding is the explicit one (half up, one decimal). */
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN });
const oneDecimal = (numerator: number, denominator: number, times: number) =>
  new Exact(numerator).times(times).div(denominator).toDecimalPlaces(1, Exact.ROUND_HALF_UP).toFixed(1);

/** Problems that make a history unreadable (each names the item); computeScorecard refuses such input. */
export function scorecardInputProblems(input: ScorecardInput): string[] {
  const problems: string[] = [];
  const day = (what: string, d: string | null | undefined) => {
    if (d != null && parseDate(d) === null) problems.push(`${what}: "${d}" is not a date (YYYY-MM-DD)`);
  };
  day('today', input.today);
  for (const d of input.deliverables) {
    day(`${d.key} due date`, d.due);
    day(`${d.key} accepted`, d.acceptedOn);
    day(`${d.key} waived`, d.waivedOn);
    for (const [i, s] of d.submissions.entries()) day(`${d.key} submission ${i + 1}`, s.on);
    if (d.acceptedOn && !d.submissions.some((s) => s.outcome === 'accepted')) problems.push(`${d.key} is accepted but no submission was`);
    if (!d.acceptedOn && d.submissions.some((s) => s.outcome === 'accepted')) problems.push(`${d.key} has an accepted submission but no acceptance date`);
    if (d.acceptedOn && d.waivedOn) problems.push(`${d.key} is both accepted and waived`);
  }
  for (const f of input.defects) {
    day(`${f.key} opened`, f.openedOn);
    day(`${f.key} fixed`, f.fixedOn);
    if (![1, 2, 3, 4].includes(f.severity)) problems.push(`${f.key}: severity ${f.severity} is not 1 to 4`);
    if (f.fixedOn && f.fixedOn < f.openedOn) problems.push(`${f.key} is fixed before it was opened`);
  }
  for (const c of input.commitments) {
    day(`commitment "${c.text}" due date`, c.due);
    day(`commitment "${c.text}" settled`, c.settledOn);
  }
  return problems;
}

function outcomes(input: ScorecardInput, serviceLevel: DefectServiceLevel): Record<FigureId, Outcome[]> {
  const out: Record<FigureId, Outcome[]> = { onTime: [], firstPass: [], daysLate: [], defectSla: [], escapedDefects: [], commitmentsMet: [] };
  for (const d of input.deliverables) {
    const accepted = d.acceptedOn ?? null;
    // On time: settled on acceptance when accepted by the due date, otherwise on the due date (late from then on).
    const onTime = accepted !== null && accepted <= d.due;
    const settled = onTime ? accepted : d.due;
    const waivedBeforeSettled = d.waivedOn != null && d.waivedOn <= d.due && !onTime;
    if (!waivedBeforeSettled) out.onTime.push({ day: settled, key: d.key, hit: onTime });
    if (accepted !== null) {
      out.firstPass.push({ day: accepted, key: d.key, hit: d.submissions[0]?.outcome === 'accepted' });
      const days = Math.max(0, daysFrom(d.due, accepted));
      out.daysLate.push({ day: accepted, key: d.key, hit: days > 0, days });
    }
  }
  for (const f of input.defects) {
    const limit = serviceLevel.businessDays[f.severity];
    if (limit !== null && limit !== undefined) {
      const deadline = addBusinessDays(f.openedOn, limit, serviceLevel.holidays);
      const met = f.fixedOn !== null && f.fixedOn <= deadline;
      out.defectSla.push({ day: met ? f.fixedOn! : addDays(deadline, 1), key: f.key, hit: met });
    }
    const stage = f.foundIn.toLowerCase();
    if (stage === 'uat' || stage === 'parallel' || stage === 'production') out.escapedDefects.push({ day: f.openedOn, key: f.key, hit: stage !== 'uat' });
  }
  for (const c of input.commitments) {
    if (c.status === 'open') continue;
    out.commitmentsMet.push({ day: minDay(c.settledOn ?? c.due, input.today), key: c.text, hit: c.status === 'met' });
  }
  return out;
}

function figures(all: Record<FigureId, Outcome[]>, keep: (o: Outcome) => boolean, rule: Record<FigureId, string>): Figures {
  const figure = (id: FigureId): Figure => {
    const list = all[id].filter(keep);
    const hits = list.filter((o) => o.hit);
    const denominator = list.length;
    const days = id === 'daysLate';
    const numerator = days ? list.reduce((sum, o) => sum + (o.days ?? 0), 0) : hits.length;
    return {
      id,
      label: LABELS[id],
      value: denominator === 0 ? null : oneDecimal(numerator, denominator, days ? 1 : 100),
      unit: days ? 'days' : '%',
      better: days || id === 'escapedDefects' ? 'lower' : 'higher',
      numerator,
      denominator,
      counted: list.map((o) => o.key),
      hits: hits.map((o) => o.key),
      rule: rule[id],
    };
  };
  return {
    onTime: figure('onTime'),
    firstPass: figure('firstPass'),
    daysLate: figure('daysLate'),
    defectSla: figure('defectSla'),
    escapedDefects: figure('escapedDefects'),
    commitmentsMet: figure('commitmentsMet'),
  };
}

const gradeOfFigures = (f: Figures, thresholds: GradeThreshold[]) =>
  gradeOf(
    {
      onTime: f.onTime.value,
      firstPass: f.firstPass.value,
      defectSla: f.defectSla.value,
      escapedDefects: f.escapedDefects.value,
      commitmentsMet: f.commitmentsMet.value,
    },
    thresholds,
  );

/**
 * The scorecard: figures per month (from the month of the earliest date in the history up to today's
 * month), to date, the grade to date, and the trend (the figures to date at the end of each month).
 * Throws when the history is unreadable (see scorecardInputProblems).
 */
export function computeScorecard(input: ScorecardInput, thresholds: GradeThreshold[] = GRADE_THRESHOLDS): Scorecard {
  const problems = scorecardInputProblems(input);
  if (problems.length > 0) throw new Error(`The vendor history cannot be scored: ${problems.join('; ')}`);
  const serviceLevel = input.serviceLevel ?? DEFAULT_DEFECT_SERVICE_LEVEL;
  const rule = rules(serviceLevel);
  const { today } = input;
  const all = outcomes(input, serviceLevel);

  const dates = [
    ...input.deliverables.flatMap((d) => [d.due, d.acceptedOn, d.waivedOn, ...d.submissions.map((s) => s.on)]),
    ...input.defects.flatMap((f) => [f.openedOn, f.fixedOn]),
    ...input.commitments.flatMap((c) => [c.due, c.settledOn]),
  ].filter((d): d is string => typeof d === 'string' && d <= today);
  const first = monthOf(dates.reduce(minDay, today));
  const months: string[] = [];
  for (let m = first; m <= monthOf(today); m = nextMonth(m)) months.push(m);

  const settled = (o: Outcome) => o.day <= today;
  const toDate = figures(all, settled, rule);
  return {
    asOf: today,
    months: months.map((month) => ({ month, figures: figures(all, (o) => settled(o) && monthOf(o.day) === month, rule) })),
    toDate,
    grade: gradeOfFigures(toDate, thresholds),
    gradeRule: gradeRule(thresholds),
    trend: months.map((month) => {
      const asOf = minDay(lastDayOf(month), today);
      const f = figures(all, (o) => o.day <= asOf, rule);
      return {
        month,
        asOf,
        onTime: f.onTime.value,
        firstPass: f.firstPass.value,
        daysLate: f.daysLate.value,
        defectSla: f.defectSla.value,
        escapedDefects: f.escapedDefects.value,
        commitmentsMet: f.commitmentsMet.value,
        grade: gradeOfFigures(f, thresholds).letter,
      };
    }),
  };
}
