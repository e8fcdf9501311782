import { and, assign, setup } from 'xstate';
import type { ProjectRole } from '~/db/schema';

/**
 * The recovery of a troubled project (issue 17).
 *
 * assessing (RATE each area on track / at risk / in jeopardy with findings; SUMMARISE the
 * accomplishments to date and the causes) -> presented (PRESENT to leadership, only when every area is
 * rated with a finding; SAVE_PLAN: the PM's corrective plan, saved as a new schedule baseline, may be
 * saved again until accepted) -> planAccepted (ACCEPT: the sponsor named when the recovery started
 * signs the plan revision they were shown; never the PM who wrote it, never a plan without a baseline)
 * -> turnaround (LOG_PROGRESS, weekly, against the plan's baseline) -> closed (CLOSE with a final
 * assessment: every area rated again). docs/decisions/0021-project-recovery.md.
 */
export const recoveryAreas = ['scope', 'resources', 'roles', 'testing', 'control', 'vendors', 'data'] as const;
export type RecoveryArea = (typeof recoveryAreas)[number];
export const recoveryAreaLabels: Record<RecoveryArea, string> = {
  scope: 'Scope',
  resources: 'Resource availability and capability',
  roles: 'Roles and responsibilities',
  testing: 'Testing',
  control: 'Monitoring and control',
  vendors: 'Vendor delivery',
  data: 'Data',
};

export const recoveryRatings = ['onTrack', 'atRisk', 'inJeopardy'] as const;
export type RecoveryRating = (typeof recoveryRatings)[number];
export const recoveryRatingLabels: Record<RecoveryRating, string> = { onTrack: 'On track', atRisk: 'At risk', inJeopardy: 'In jeopardy' };

export type AreaRating = { rating: RecoveryRating; findings: string; by: number; at: string };
export type Ratings = Partial<Record<RecoveryArea, AreaRating>>;

/** Who does what after the recovery: one line per change in roles and responsibilities. */
export type RoleChange = { who: string; responsibility: string };
export type CorrectivePlan = {
  /** How many times the plan was saved: the acceptance names the revision it saw. */
  revision: number;
  by: number;
  at: string;
  summary: string;
  roleChanges: RoleChange[];
  /** The schedule baseline the plan was saved as (its id and number). */
  baselineId: number | null;
  baselineNumber: number | null;
};
export type ProgressEntry = {
  week: string;
  by: number;
  at: string;
  note: string;
  /** Read from the schedule against the plan's baseline when the entry was logged. */
  met: number;
  slipped: number;
  due: number;
};

export type RecoveryActor = { id: number; roles: ProjectRole[] };

export type RecoveryContext = {
  pmId: number;
  sponsorId: number;
  /** The schedule baseline current when the recovery started: the corrective plan is compared with it. */
  originalBaselineId: number | null;
  areas: Ratings;
  accomplishments: string[];
  causes: string[];
  presented: { by: number; at: string } | null;
  plan: CorrectivePlan | null;
  acceptance: { by: number; at: string; meaning: string; fingerprint: string; revision: number } | null;
  progress: ProgressEntry[];
  finalAreas: Ratings;
  closing: { by: number; at: string; summary: string } | null;
};
export type RecoveryInput = { pmId: number; sponsorId: number; originalBaselineId: number | null };

export type RecoveryEvent =
  | { type: 'RATE'; actor: RecoveryActor; at: string; area: RecoveryArea; rating: RecoveryRating; findings: string }
  | { type: 'SUMMARISE'; actor: RecoveryActor; at: string; accomplishments: string[]; causes: string[] }
  | { type: 'PRESENT'; actor: RecoveryActor; at: string }
  | {
      type: 'SAVE_PLAN';
      actor: RecoveryActor;
      at: string;
      summary: string;
      roleChanges: RoleChange[];
      baselineId: number | null;
      baselineNumber: number | null;
    }
  | { type: 'ACCEPT'; actor: RecoveryActor; at: string; meaning: string; fingerprint: string }
  | { type: 'LOG_PROGRESS'; actor: RecoveryActor; at: string; week: string; note: string; met: number; slipped: number; due: number }
  | { type: 'CLOSE'; actor: RecoveryActor; at: string; finalAreas: Ratings; summary: string };

export const recoveryStates = ['assessing', 'presented', 'planAccepted', 'turnaround', 'closed'] as const;
export type RecoveryState = (typeof recoveryStates)[number];
export const recoveryStateLabels: Record<RecoveryState, string> = {
  assessing: 'Assessing',
  presented: 'Presented to leadership',
  planAccepted: 'Corrective plan accepted',
  turnaround: 'Turnaround',
  closed: 'Closed',
};
export const recoveryEventLabels: Record<RecoveryEvent['type'], string> = {
  RATE: 'rate an area',
  SUMMARISE: 'record the accomplishments and causes',
  PRESENT: 'present the assessment',
  SAVE_PLAN: 'save the corrective plan',
  ACCEPT: 'accept the corrective plan',
  LOG_PROGRESS: 'log the week’s progress',
  CLOSE: 'close the recovery',
};
export const recoveryEventsDone: Record<RecoveryEvent['type'], string> = {
  RATE: 'rated an area',
  SUMMARISE: 'recorded the accomplishments and causes',
  PRESENT: 'presented the assessment to leadership',
  SAVE_PLAN: 'saved the corrective plan as a schedule baseline',
  ACCEPT: 'accepted the corrective plan',
  LOG_PROGRESS: 'logged a week’s progress',
  CLOSE: 'closed the recovery with a final assessment',
};

export const recoveryRules = { minFindingsLength: 10, minSummaryLength: 10 };

/** An area counts as assessed when it is rated with a finding (gate criteria read this too). */
export const areaAssessed = (r: AreaRating | undefined, rules = recoveryRules) => !!r && r.findings.trim().length >= rules.minFindingsLength;
/** The areas not yet assessed, in their order. */
export const unassessedAreas = (ratings: Ratings) => recoveryAreas.filter((a) => !areaAssessed(ratings[a]));

const isPm = (a: RecoveryActor) => a.roles.includes('pm');

/** Why this person may not send an event of this type now, or null. */
export function recoveryMayNot(c: RecoveryContext, type: RecoveryEvent['type'], actor: RecoveryActor): string | null {
  if (type === 'ACCEPT') {
    if (c.plan && actor.id === c.plan.by) return 'Whoever wrote the corrective plan never accepts it.';
    return actor.id === c.sponsorId && actor.roles.includes('stakeholder') ? null : 'Only the sponsor named for this recovery accepts the corrective plan.';
  }
  return isPm(actor) ? null : `Only the project manager can ${recoveryEventLabels[type]}.`;
}

const WEEK = /^\d{4}-\d{2}-\d{2}$/;
const ratingProblem = (r: { rating: string; findings: string }, rules: typeof recoveryRules) => {
  if (!recoveryRatings.includes(r.rating as RecoveryRating)) return 'Rate it on track, at risk or in jeopardy.';
  return r.findings.trim().length < rules.minFindingsLength ? `State the findings (at least ${rules.minFindingsLength} characters).` : null;
};

/** What is wrong with what the person sent, or with the state of the recovery for it, or null. */
export function recoveryPayloadProblem(c: RecoveryContext, e: RecoveryEvent, rules = recoveryRules): string | null {
  switch (e.type) {
    case 'RATE':
      if (!recoveryAreas.includes(e.area)) return 'Choose an area of the assessment.';
      return ratingProblem(e, rules);
    case 'SUMMARISE':
      if (e.accomplishments.length === 0) return 'List at least one accomplishment to date.';
      return e.causes.length === 0 ? 'List at least one cause of the trouble.' : null;
    case 'PRESENT': {
      const missing = unassessedAreas(c.areas);
      if (missing.length) return `Rate every area with its findings before presenting; still to rate: ${missing.map((a) => recoveryAreaLabels[a]).join(', ')}.`;
      return c.accomplishments.length && c.causes.length ? null : 'List the accomplishments to date and the causes before presenting.';
    }
    case 'SAVE_PLAN':
      if (e.summary.trim().length < rules.minSummaryLength) return `Summarise the corrective actions (at least ${rules.minSummaryLength} characters).`;
      return e.baselineId ? null : 'A corrective plan is saved as a schedule baseline.';
    case 'ACCEPT':
      if (!c.plan) return 'There is no corrective plan to accept yet.';
      if (!c.plan.baselineId) return 'The corrective plan was not saved as a schedule baseline: it cannot be accepted.';
      if (!e.meaning.trim()) return 'Choose the meaning of your signature.';
      return e.fingerprint ? null : 'Reload the corrective plan: the signature names the plan you were shown.';
    case 'LOG_PROGRESS':
      if (!WEEK.test(e.week)) return 'Name the week (the date of its Monday).';
      if (c.progress.some((p) => p.week === e.week)) return `Progress for the week of ${e.week} is already logged.`;
      return e.note.trim().length < rules.minFindingsLength ? `Say what moved this week (at least ${rules.minFindingsLength} characters).` : null;
    case 'CLOSE': {
      for (const a of recoveryAreas) {
        const r = e.finalAreas[a];
        if (!r) return `Rate every area again to close: ${recoveryAreaLabels[a]} is not rated.`;
        const p = ratingProblem(r, rules);
        if (p) return `${recoveryAreaLabels[a]}: ${p}`;
      }
      return e.summary.trim().length < rules.minSummaryLength ? `Summarise the outcome (at least ${rules.minSummaryLength} characters).` : null;
    }
  }
}

export const recoveryEventProblem = (c: RecoveryContext, e: RecoveryEvent) => recoveryMayNot(c, e.type, e.actor) ?? recoveryPayloadProblem(c, e);

const ok = and(['mayAct', 'payloadValid']);

export const recoveryMachine = setup({
  types: { context: {} as RecoveryContext, events: {} as RecoveryEvent, input: {} as RecoveryInput },
  guards: {
    mayAct: ({ context, event }) => recoveryMayNot(context, event.type, event.actor) === null,
    payloadValid: ({ context, event }) => recoveryPayloadProblem(context, event) === null,
  },
  actions: {
    recordRating: assign(({ context, event }) =>
      event.type === 'RATE'
        ? { areas: { ...context.areas, [event.area]: { rating: event.rating, findings: event.findings.trim(), by: event.actor.id, at: event.at } } }
        : {},
    ),
    recordSummary: assign(({ event }) => (event.type === 'SUMMARISE' ? { accomplishments: [...event.accomplishments], causes: [...event.causes] } : {})),
    recordPresented: assign(({ event }) => ({ presented: { by: event.actor.id, at: event.at } })),
    recordPlan: assign(({ context, event }) =>
      event.type === 'SAVE_PLAN'
        ? {
            plan: {
              revision: (context.plan?.revision ?? 0) + 1,
              by: event.actor.id,
              at: event.at,
              summary: event.summary.trim(),
              roleChanges: event.roleChanges.map((r) => ({ ...r })),
              baselineId: event.baselineId,
              baselineNumber: event.baselineNumber,
            },
          }
        : {},
    ),
    recordAcceptance: assign(({ context, event }) =>
      event.type === 'ACCEPT'
        ? { acceptance: { by: event.actor.id, at: event.at, meaning: event.meaning, fingerprint: event.fingerprint, revision: context.plan?.revision ?? 0 } }
        : {},
    ),
    recordProgress: assign(({ context, event }) =>
      event.type === 'LOG_PROGRESS'
        ? {
            progress: [
              ...context.progress,
              { week: event.week, by: event.actor.id, at: event.at, note: event.note.trim(), met: event.met, slipped: event.slipped, due: event.due },
            ],
          }
        : {},
    ),
    recordClosing: assign(({ event }) =>
      event.type === 'CLOSE'
        ? {
            finalAreas: Object.fromEntries(
              recoveryAreas.map((a) => [a, { ...event.finalAreas[a]!, findings: event.finalAreas[a]!.findings.trim(), by: event.actor.id, at: event.at }]),
            ) as Ratings,
            closing: { by: event.actor.id, at: event.at, summary: event.summary.trim() },
          }
        : {},
    ),
    // Effects: the runtime records these in the outbox.
    notifySponsor: () => {},
  },
}).createMachine({
  id: 'recovery',
  initial: 'assessing',
  context: ({ input }) => ({
    pmId: input.pmId,
    sponsorId: input.sponsorId,
    originalBaselineId: input.originalBaselineId,
    areas: {},
    accomplishments: [],
    causes: [],
    presented: null,
    plan: null,
    acceptance: null,
    progress: [],
    finalAreas: {},
    closing: null,
  }),
  states: {
    assessing: {
      on: {
        RATE: { guard: ok, target: 'assessing', actions: 'recordRating' },
        SUMMARISE: { guard: ok, target: 'assessing', actions: 'recordSummary' },
        PRESENT: { guard: ok, target: 'presented', actions: 'recordPresented' },
      },
    },
    presented: {
      on: {
        SAVE_PLAN: { guard: ok, target: 'presented', actions: ['recordPlan', 'notifySponsor'] },
        ACCEPT: { guard: ok, target: 'planAccepted', actions: 'recordAcceptance' },
      },
    },
    planAccepted: {
      on: { LOG_PROGRESS: { guard: ok, target: 'turnaround', actions: 'recordProgress' } },
    },
    turnaround: {
      on: {
        LOG_PROGRESS: { guard: ok, target: 'turnaround', actions: 'recordProgress' },
        CLOSE: { guard: ok, target: 'closed', actions: 'recordClosing' },
      },
    },
    closed: { type: 'final' },
  },
});

const accepts: Record<RecoveryState, RecoveryEvent['type'][]> = {
  assessing: ['RATE', 'SUMMARISE', 'PRESENT'],
  presented: ['SAVE_PLAN', 'ACCEPT'],
  planAccepted: ['LOG_PROGRESS'],
  turnaround: ['LOG_PROGRESS', 'CLOSE'],
  closed: [],
};

/** The reason a refused event was refused, in words for the person who tried it. */
export function recoveryRefusal(state: string, context: RecoveryContext, event: RecoveryEvent): string {
  if (accepts[state as RecoveryState]?.includes(event.type)) return recoveryEventProblem(context, event) ?? 'Not accepted.';
  const label = recoveryStateLabels[state as RecoveryState] ?? state;
  if ((event.type === 'SAVE_PLAN' || event.type === 'ACCEPT') && state === 'assessing')
    return 'The assessment is presented to leadership before a corrective plan is written or accepted.';
  if (event.type === 'CLOSE' && state === 'planAccepted') return 'Log the turnaround’s progress at least once before closing the recovery.';
  return `You cannot ${recoveryEventLabels[event.type]} while the recovery is "${label}".`;
}

export const recoveryWorkflow = {
  id: 'recovery',
  version: 1,
  machine: recoveryMachine,
  refusal: recoveryRefusal,
  effects: ['notifySponsor'],
  mayNot: recoveryMayNot,
} as const;
