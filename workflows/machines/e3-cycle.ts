import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';
import { addDays } from '../clock';
import { kpiDefinition, type Verdict } from '../e3/kpis';

/**
 * An E3 optimization cycle (issue 17, docs/decisions/0020-e3-optimization.md).
 *
 * establishing (CONFIGURE: the PM picks the baseline periods, the KPIs to track with a target and a
 * tolerance each, and the review cadence; again while unsigned) -> baselineSigned (SIGN_BASELINE: the
 * sponsor named when the cycle started, never the PM who configured it, signs with password and meaning
 * over the fingerprint they were shown; the KPI values are frozen into the context) -> evaluating
 * (START_REVIEW: the PM opens a review of new periods; its values are frozen the same way;
 * RECORD_FINDING: the PM or an analyst records findings with their evidence) -> evolving (SIGN_REVIEW:
 * the sponsor signs the review; LINK_CHANGE: a finding became a change request) -> evaluating (the next
 * review, START_REVIEW). There is no final state: the cycle goes on at its cadence.
 */
export type E3Actor = { id: number; roles: ProjectRole[] };
export type TrackedKpi = { key: string; target: string; tolerance: string };
export type E3Config = { periods: string[]; kpis: TrackedKpi[]; cadenceWeeks: number; by: number; at: string };
/** A KPI's value over a set of periods, and per period (what the mean was taken of). */
export type KpiValues = { values: Record<string, string | null>; perPeriod: Record<string, Record<string, string | null>> };
export type E3Signature = { by: number; at: string; meaning: string; fingerprint: string };
export type E3Baseline = KpiValues & E3Signature & { periods: string[] };
export type E3Finding = {
  number: number;
  kpi: string;
  note: string;
  /** The evidence: the review's value, the baseline's, the target, and the verdict against the target. */
  value: string | null;
  baseline: string | null;
  target: string;
  verdict: Verdict | null;
  by: number;
  at: string;
  change: { id: number; key: string } | null;
};
export type E3Review = KpiValues & {
  number: number;
  due: string;
  periods: string[];
  startedBy: number;
  startedAt: string;
  findings: E3Finding[];
  signature: E3Signature | null;
};
export type E3Context = {
  sponsorId: number;
  startedBy: number;
  config: E3Config | null;
  configurations: number;
  baseline: E3Baseline | null;
  reviews: E3Review[];
  /** The day the next review is due (null before the baseline): a review not signed by then is overdue. */
  nextReviewDue: string | null;
};
export type E3Input = { sponsorId: number; startedBy: number };

export type E3Event =
  | { type: 'CONFIGURE'; actor: E3Actor; at: string; periods: string[]; kpis: TrackedKpi[]; cadenceWeeks: number }
  | ({ type: 'SIGN_BASELINE'; actor: E3Actor; at: string; meaning: string; fingerprint: string } & KpiValues)
  | ({ type: 'START_REVIEW'; actor: E3Actor; at: string; periods: string[] } & KpiValues)
  | { type: 'RECORD_FINDING'; actor: E3Actor; at: string; kpi: string; note: string; verdict: Verdict | null }
  | { type: 'SIGN_REVIEW'; actor: E3Actor; at: string; meaning: string; fingerprint: string }
  | { type: 'LINK_CHANGE'; actor: E3Actor; at: string; review: number; finding: number; change: { id: number; key: string } };

export const e3States = ['establishing', 'baselineSigned', 'evaluating', 'evolving'] as const;
export type E3State = (typeof e3States)[number];
export const e3StateLabels: Record<E3State, string> = {
  establishing: 'Establishing the baseline',
  baselineSigned: 'Baseline signed',
  evaluating: 'Review in progress',
  evolving: 'Evolving',
};
export const e3EventLabels: Record<E3Event['type'], string> = {
  CONFIGURE: 'choose the baseline periods and KPIs',
  SIGN_BASELINE: 'sign the baseline',
  START_REVIEW: 'start a review',
  RECORD_FINDING: 'record a finding',
  SIGN_REVIEW: 'sign the review',
  LINK_CHANGE: 'turn a finding into a change',
};

export const e3Rules = { maxCadenceWeeks: 52, minNoteLength: 10 };

const isPm = (a: E3Actor) => a.roles.includes('pm');
const writes = (a: E3Actor) => isPm(a) || a.roles.includes('analyst');
const DECIMAL = /^-?\d{1,12}(\.\d{1,4})?$/;

/** The review in progress or last signed (the highest number), or undefined before the first. */
export const latestReview = (c: E3Context) => c.reviews.at(-1);

/** Why this person may not send an event of this type now, or null. */
export function e3MayNot(c: E3Context, type: E3Event['type'], actor: E3Actor): string | null {
  switch (type) {
    case 'CONFIGURE':
    case 'START_REVIEW':
      return isPm(actor) ? null : `Only the project manager can ${e3EventLabels[type]}.`;
    case 'RECORD_FINDING':
    case 'LINK_CHANGE':
      return writes(actor) ? null : `Only the project manager or an analyst can ${e3EventLabels[type]}.`;
    case 'SIGN_BASELINE':
      if (c.config && actor.id === c.config.by) return 'Whoever configured the baseline never signs it.';
      if (c.baseline) return 'The baseline is already signed and frozen.';
      return actor.id === c.sponsorId ? null : 'Only the sponsor named for this cycle signs the baseline.';
    case 'SIGN_REVIEW':
      if (actor.id === latestReview(c)?.startedBy) return 'Whoever started the review never signs it.';
      return actor.id === c.sponsorId ? null : 'Only the sponsor named for this cycle signs a review.';
  }
}

const findingOf = (c: E3Context, review: number, finding: number) => c.reviews.find((r) => r.number === review)?.findings.find((f) => f.number === finding);

/** What is wrong with what the person sent, or null. */
export function e3PayloadProblem(c: E3Context, e: E3Event, rules = e3Rules): string | null {
  switch (e.type) {
    case 'CONFIGURE': {
      if (e.periods.length === 0) return 'Choose at least one period for the baseline.';
      if (new Set(e.periods).size !== e.periods.length) return 'Choose each period once.';
      if (e.kpis.length === 0) return 'Choose at least one KPI to track.';
      if (new Set(e.kpis.map((k) => k.key)).size !== e.kpis.length) return 'Track each KPI once.';
      for (const k of e.kpis) {
        if (!kpiDefinition(k.key)) return `There is no KPI ${k.key}.`;
        if (!DECIMAL.test(k.target)) return `The target of ${kpiDefinition(k.key)!.label} is a number such as 12.5.`;
        if (!DECIMAL.test(k.tolerance) || k.tolerance.startsWith('-')) return `The tolerance of ${kpiDefinition(k.key)!.label} is a number of 0 or more.`;
      }
      if (!Number.isInteger(e.cadenceWeeks) || e.cadenceWeeks < 1 || e.cadenceWeeks > rules.maxCadenceWeeks)
        return `Reviews come every 1 to ${rules.maxCadenceWeeks} weeks.`;
      return null;
    }
    case 'SIGN_BASELINE':
      if (!c.config) return 'Choose the baseline periods and KPIs before it is signed.';
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the baseline: the signature names the values you were shown.';
    case 'START_REVIEW': {
      if (e.periods.length === 0) return 'Choose at least one period to review.';
      const inBaseline = e.periods.filter((p) => c.baseline?.periods.includes(p));
      return inBaseline.length > 0 ? `A review looks at periods after the baseline: ${inBaseline.join(', ')} is in it.` : null;
    }
    case 'RECORD_FINDING':
      if (!c.config?.kpis.some((k) => k.key === e.kpi)) return 'A finding is about one of the KPIs the cycle tracks.';
      return e.note.trim().length < rules.minNoteLength ? `Say what the finding is (at least ${rules.minNoteLength} characters).` : null;
    case 'SIGN_REVIEW':
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the review: the signature names the values and findings you were shown.';
    case 'LINK_CHANGE': {
      const f = findingOf(c, e.review, e.finding);
      if (!f) return `Review ${e.review} has no finding ${e.finding}.`;
      if (!c.reviews.find((r) => r.number === e.review)?.signature) return 'A finding becomes a change once its review is signed.';
      return f.change ? `That finding is already change request ${f.change.key}.` : null;
    }
  }
}

export const e3EventProblem = (c: E3Context, e: E3Event) => e3MayNot(c, e.type, e.actor) ?? e3PayloadProblem(c, e);

const dayOf = (iso: string) => iso.slice(0, 10);

export const e3CycleMachine = setup({
  types: { context: {} as E3Context, events: {} as E3Event, input: {} as E3Input },
  guards: {
    mayAct: ({ context, event }) => e3MayNot(context, event.type, event.actor) === null,
    payloadValid: ({ context, event }) => e3PayloadProblem(context, event) === null,
  },
  actions: {
    recordConfig: assign(({ context, event }) =>
      event.type === 'CONFIGURE'
        ? {
            config: {
              periods: [...event.periods].sort(),
              kpis: structuredClone(event.kpis),
              cadenceWeeks: event.cadenceWeeks,
              by: event.actor.id,
              at: event.at,
            },
            configurations: context.configurations + 1,
          }
        : {},
    ),
    recordBaseline: assign(({ context, event }) =>
      event.type === 'SIGN_BASELINE' && context.config
        ? {
            baseline: {
              by: event.actor.id,
              at: event.at,
              meaning: event.meaning,
              fingerprint: event.fingerprint,
              periods: [...context.config.periods],
              values: { ...event.values },
              perPeriod: structuredClone(event.perPeriod),
            },
            nextReviewDue: addDays(dayOf(event.at), context.config.cadenceWeeks * 7),
          }
        : {},
    ),
    openReview: assign(({ context, event }) =>
      event.type === 'START_REVIEW'
        ? {
            reviews: [
              ...context.reviews,
              {
                number: context.reviews.length + 1,
                due: context.nextReviewDue ?? dayOf(event.at),
                periods: [...event.periods].sort(),
                startedBy: event.actor.id,
                startedAt: event.at,
                values: { ...event.values },
                perPeriod: structuredClone(event.perPeriod),
                findings: [],
                signature: null,
              },
            ],
          }
        : {},
    ),
    recordFinding: assign(({ context, event }) => {
      if (event.type !== 'RECORD_FINDING') return {};
      const review = latestReview(context)!;
      const tracked = context.config!.kpis.find((k) => k.key === event.kpi)!;
      const finding: E3Finding = {
        number: review.findings.length + 1,
        kpi: event.kpi,
        note: event.note.trim(),
        value: review.values[event.kpi] ?? null,
        baseline: context.baseline?.values[event.kpi] ?? null,
        target: tracked.target,
        verdict: event.verdict,
        by: event.actor.id,
        at: event.at,
        change: null,
      };
      return { reviews: context.reviews.map((r) => (r.number === review.number ? { ...r, findings: [...r.findings, finding] } : r)) };
    }),
    signReview: assign(({ context, event }) => {
      if (event.type !== 'SIGN_REVIEW') return {};
      const review = latestReview(context)!;
      const signature = { by: event.actor.id, at: event.at, meaning: event.meaning, fingerprint: event.fingerprint };
      return {
        reviews: context.reviews.map((r) => (r.number === review.number ? { ...r, signature } : r)),
        nextReviewDue: addDays(review.due, (context.config?.cadenceWeeks ?? 13) * 7),
      };
    }),
    linkChange: assign(({ context, event }) =>
      event.type === 'LINK_CHANGE'
        ? {
            reviews: context.reviews.map((r) =>
              r.number === event.review
                ? { ...r, findings: r.findings.map((f) => (f.number === event.finding ? { ...f, change: { ...event.change } } : f)) }
                : r,
            ),
          }
        : {},
    ),
    // Effects: the runtime records these in the outbox.
    notifySponsor: () => {},
  },
}).createMachine({
  id: 'e3Cycle',
  initial: 'establishing',
  context: ({ input }) => ({
    sponsorId: input.sponsorId,
    startedBy: input.startedBy,
    config: null,
    configurations: 0,
    baseline: null,
    reviews: [],
    nextReviewDue: null,
  }),
  states: {
    establishing: {
      on: {
        CONFIGURE: { guard: and(['mayAct', 'payloadValid']), target: 'establishing', actions: ['recordConfig', 'notifySponsor'] },
        SIGN_BASELINE: { guard: and(['mayAct', 'payloadValid']), target: 'baselineSigned', actions: 'recordBaseline' },
      },
    },
    baselineSigned: {
      on: { START_REVIEW: { guard: and(['mayAct', 'payloadValid']), target: 'evaluating', actions: 'openReview' } },
    },
    evaluating: {
      on: {
        RECORD_FINDING: { guard: and(['mayAct', 'payloadValid']), target: 'evaluating', actions: 'recordFinding' },
        SIGN_REVIEW: { guard: and(['mayAct', 'payloadValid']), target: 'evolving', actions: 'signReview' },
        LINK_CHANGE: { guard: and(['mayAct', 'payloadValid']), target: 'evaluating', actions: 'linkChange' },
      },
    },
    evolving: {
      on: {
        LINK_CHANGE: { guard: and(['mayAct', 'payloadValid']), target: 'evolving', actions: 'linkChange' },
        START_REVIEW: { guard: and(['mayAct', 'payloadValid']), target: 'evaluating', actions: 'openReview' },
      },
    },
  },
});

const accepts: Record<E3State, E3Event['type'][]> = {
  establishing: ['CONFIGURE', 'SIGN_BASELINE'],
  baselineSigned: ['START_REVIEW'],
  evaluating: ['RECORD_FINDING', 'SIGN_REVIEW', 'LINK_CHANGE'],
  evolving: ['LINK_CHANGE', 'START_REVIEW'],
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function e3Refusal(state: string, context: E3Context, event: E3Event): string {
  if (accepts[state as E3State]?.includes(event.type)) return e3EventProblem(context, event) ?? 'Not accepted.';
  if (event.type === 'SIGN_BASELINE') return 'The baseline is already signed and frozen.';
  if (event.type === 'CONFIGURE') return 'The baseline is signed and frozen: its periods and KPIs no longer change. Start a new cycle to set another.';
  if (event.type === 'START_REVIEW' && state === 'establishing') return 'A review compares with the baseline: the sponsor signs the baseline first.';
  if (event.type === 'START_REVIEW' && state === 'evaluating') return 'A review is in progress: it is signed before the next one starts.';
  const label = e3StateLabels[state as E3State] ?? state;
  return `You cannot ${e3EventLabels[event.type]} while the cycle is "${label}".`;
}

export const e3CycleWorkflow = {
  id: 'e3Cycle',
  version: 1,
  machine: e3CycleMachine,
  refusal: e3Refusal,
  effects: ['notifySponsor'],
  mayNot: e3MayNot,
} as const;
