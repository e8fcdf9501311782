import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '~/db/client';
import { auditLog, milestones, phases, projectMembers, projects, requirements, users } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { commercialBankerPlan } from '~/seeds/northwind-plans';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { acceptanceBasis } from '~/seeds/vendors';
import { impactFingerprint } from '~/workflows/changes/impact';
import { baselineFingerprint, latestCycle, reviewFingerprint, valuesOver } from '~/workflows/e3/cycle';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import type { CorrectivePlan } from '~/workflows/machines/recovery';
import { planSignatureBasis } from '~/workflows/plans/load';
import { planFingerprint, recoveryInstanceOf } from '~/workflows/recovery/access';
import { requirementSignatureBasis } from '~/workflows/requirements/load';
import { selectionDecisionBasis, selectionLockBasis } from '~/workflows/selection/access';
import { requirementForm } from '../support/forms';

const caseData = {
  period: '2026-Q1',
  participantsCsv: 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nB1,Banker,NW-CB-2026,banker,,40000,,,USD\n',
  quotasCsv: 'participant_id,measure,period,quota\nB1,loan_bookings,2026-Q1,1000000\n',
  transactionsCsv: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split\nT1,2026-02-10,B1,1300000,1,loan,new,booked,\n',
};

import { today } from '~/workflows/clock';
import { emails, type ReadIds, type Role, readIdsOf, reads, roles, shownIds } from '../support/pages';
import { client, type Portal, signIn, startPortal } from '../support/server';

/**
 * Every mutating route, tried as every role and signed out, against the running portal. A refused
 * attempt must answer 401/403/404/422 and write nothing (the audit log does not grow); an allowed one
 * must answer 200/302 and be audited.
 *
 * Each case is its own test on its own portal, started on a private copy of the demo seeded once per
 * run, so no case depends on another having run before it (or not): a case that needs state the demo
 * does not have makes it first, through the routes, in `prepare`. To add a route, add a case.
 */

type Ids = {
  req: (key: string) => number;
  northwind: number;
  fabrikam: number;
  launch: number;
  contoso: number;
  evaluate: number;
  assess: number;
  /** The Northwind Launch phase's planned dates as seeded. */
  launchPlan: { start: string; end: string };
  tester2: number;
  stakeholder: number;
  milestone: number;
  member: (role: string) => number;
  fingerprint: (key: string) => string;
  /** What a page shows now and its forms send: a gate's or a requirement's version and fingerprint. */
  gateShown: (phaseId: number) => { expectedVersion: string; fingerprint: string };
  requirementShown: (key: string) => { expectedVersion: string; fingerprint: string };
  failingRun: number;
  /** A plan's id by its key, and what a version's sign and submit forms carry now (read live). */
  plan: (key: string) => number;
  planShown: (planKey: string, number: number) => { fingerprint: string; round: string };
  salesops: number;
  /** Plan modeling (issue 13): a scenario and a dataset by name, a plan version's id (read live). */
  model: { scenario: (name: string) => number; dataset: (name: string) => number; version: (planKey: string, number: number) => number };
  /** The RAID log (issue 14): a Northwind item's id and version by key, and the first link stored from it (read live). */
  raid: { item: (key: string) => { id: number; version: number }; firstLink: (key: string) => number };
  /** Platform selections (issue 18): a selection's id by title, a candidate's or criterion's id in it, what its sign forms send (read live). */
  selection: {
    id: (title: string) => number;
    candidate: (title: string, product: string) => number;
    criterion: (title: string, name: string) => number;
    lockShown: (title: string) => { expectedVersion: string; fingerprint: string };
    decisionShown: (title: string) => { expectedVersion: string; fingerprint: string };
    /** Every cell of a score sheet of the selection, scored 3 with a comment, as the sheet's form posts it. */
    fullSheet: (title: string) => Record<string, string>;
    analyst: number;
  };
  /** Change requests (issue 14): a Northwind change request's id, and the fingerprint its decider is shown (read live). */
  change: { id: (key: string) => number; shown: (key: string) => string };
  /** Recovery (issue 17): a project's id by name, Fabrikam's phases and milestones, and the plan fingerprint its sponsor is shown (read live). */
  recovery: {
    project: (name: string) => number;
    phase: (key: string) => { id: string; start: string; end: string };
    milestone: (name: string) => number;
    shown: () => string;
  };
  /** Northwind's latest status report (published) and a draft's id by period (read live). */
  report: (period: string) => number;
  /** A methodology's id by key (the status rules' thresholds are set per methodology). */
  methodology: (key: string) => number;
  /** The latest unread notification of the person with this email (read live). */
  notification: (email: string) => number;
  /** E3 optimization (issue 17): Contoso's latest cycle's version, and what its baseline's and review's sign forms carry now (read live). */
  e3: {
    version: () => string;
    baselineShown: () => { expectedVersion: string; fingerprint: string };
    reviewShown: () => { expectedVersion: string; fingerprint: string };
  };
  /** Vendor management (issue 12): Acme's contract on Northwind, deliverables by key (read live), milestones, commitments. */
  vendor: {
    acmeContract: number;
    deliverable: (key: string) => number;
    milestone: (name: string) => number;
    datedCommitment: number;
    acme: number;
    victor: number;
    /** A deliverable's criterion ids by kind (read live). */
    criteria: (key: string, kind: string) => number[];
    /** What the accept form of a deliverable in review carries now. */
    acceptShown: (key: string) => { fingerprint: string; checked: string[] };
  };
};
type Post = { path: string; form: Record<string, string | string[]> };
/** Someone signed in for preparing a case only (not a role tried by every case): the sales operations approver of the plans' route. */
type Preparer = Role | 'salesops';
type Case = {
  name: string;
  allowed: Role[];
  /** Acts (each must succeed) that give this case the state it needs, done before any role tries it. */
  prepare?: { as: Preparer; request: (ids: Ids) => Post }[];
  request: (ids: Ids, role: Role) => Post;
};

/** Requests shared by a case and another case's preparation. */
const addMember = (ids: Ids, role: Role): Post => ({
  path: `/projects/${ids.northwind}/members`,
  form: { intent: 'add', userId: String(ids.tester2), role: role === 'admin' ? 'analyst' : 'viewer' },
});
// Contoso's Evaluate gate: its criteria are all hand-ticked, so a review can be requested now (the
// Northwind Launch gate truthfully has unmet computed criteria in the demo).
const requestEvaluateReview = (ids: Ids): Post => ({
  path: `/projects/${ids.contoso}/phases/${ids.evaluate}`,
  form: { intent: 'requestReview', 'check.review': 'on', 'check.findings': 'on', approverIds: String(ids.stakeholder) },
});

/** The seeded NW-RM-2026 v2, in approval: sales operations completes group 1, the business owner signs group 2. */
const rmVersion = (ids: Ids) => `/projects/${ids.northwind}/plans/${ids.plan('NW-RM-2026')}/versions/2`;
const signPlan = (ids: Ids, meaning: string): Post => ({
  path: rmVersion(ids),
  form: { intent: 'sign', password: demoPassword, meaning, ...ids.planShown('NW-RM-2026', 2) },
});
const salesopsSigns = { as: 'salesops' as const, request: (ids: Ids) => signPlan(ids, 'approved as sales operations') };
const stakeholderSigns = { as: 'stakeholder' as const, request: (ids: Ids) => signPlan(ids, 'approved as business owner') };
/** A new plan with no payout case on it (so its draft validates), and the route of the business owner alone. */
const newPlan = (key: string) => [
  {
    as: 'analyst' as const,
    request: (ids: Ids): Post => ({
      path: `/projects/${ids.northwind}/plans`,
      form: { document: JSON.stringify({ ...commercialBankerPlan, id: key }), note: 'new' },
    }),
  },
  {
    as: 'pm' as const,
    request: (ids: Ids): Post => ({
      path: `/projects/${ids.northwind}/plans/${ids.plan(key)}`,
      form: { [`group.${ids.stakeholder}`]: '1', [`meaning.${ids.stakeholder}`]: 'approved as business owner' },
    }),
  },
  {
    as: 'analyst' as const,
    request: (ids: Ids): Post => ({ path: `/projects/${ids.northwind}/plans/${ids.plan(key)}/versions/1`, form: { intent: 'validate' } }),
  },
];

/** Plan modeling (issue 13): the seeded dataset and scenarios of Northwind. */
const modeling = (ids: Ids) => `/projects/${ids.northwind}/modeling`;
const scenarioPath = (ids: Ids, name: string) => `${modeling(ids)}/scenarios/${ids.model.scenario(name)}`;
const seededDataset = 'Commercial bankers, 2026-Q1 (generated)';
const generateForm = (name: string, planId: number) => ({
  intent: 'generate',
  name,
  planId: String(planId),
  period: '2026-Q1',
  seed: '5',
  role: 'banker',
  participants: '20',
  transactionsPerParticipant: '3',
  targetIncentive: '40000',
  quota: '1000000',
  mean: '1',
  spread: '0.2',
});

const cases: Case[] = [
  {
    name: 'upload a modeling dataset (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: modeling(ids),
      form: { intent: 'upload', name: `Uploaded by ${role}`, planId: String(ids.plan('NW-CB-2026')), ...parallelInputs },
    }),
  },
  {
    name: 'generate a modeling dataset (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({ path: modeling(ids), form: generateForm(`Generated by ${role}`, ids.plan('NW-CB-2026')) }),
  },
  {
    name: 'create a scenario (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: modeling(ids),
      form: {
        intent: 'createScenario',
        name: `Scenario by ${role}`,
        planVersionId: String(ids.model.version('NW-CB-2026', 1)),
        datasetId: String(ids.model.dataset(seededDataset)),
        tierComponentId: 'loan_commission',
        tierNumber: '2',
        tierRate: '0.02',
      },
    }),
  },
  {
    name: 'create a scenario from a dataset’s page (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `${modeling(ids)}/datasets/${ids.model.dataset(seededDataset)}`,
      form: { intent: 'createScenario', name: `From the dataset, by ${role}`, planVersionId: String(ids.model.version('NW-CB-2026', 1)), quotaPercent: '5' },
    }),
  },
  {
    name: 'copy a scenario (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({ path: scenarioPath(ids, 'Quotas +10 %'), form: { intent: 'copy', name: `Copied by ${role}` } }),
  },
  {
    name: 'start a sensitivity sweep (everyone who reads models)',
    allowed: ['admin', 'pm', 'stakeholder', 'analyst', 'tester', 'viewer'],
    request: (ids) => ({
      path: `${scenarioPath(ids, 'Raise the top tier to 3 %')}/sweep`,
      form: { variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.06', steps: '7' },
    }),
  },
  {
    // NW-RM-2026 v2 is published first (so no version of it is under way), and gets a dataset and a scenario of its own for the PM to promote.
    name: 'promote a scenario to a draft plan version (analysts and PMs)',
    allowed: ['pm', 'analyst'],
    prepare: [
      salesopsSigns,
      stakeholderSigns,
      { as: 'pm', request: (ids) => ({ path: rmVersion(ids), form: { intent: 'publish', effectiveFrom: today() } }) },
      {
        as: 'analyst',
        request: (ids) => ({
          path: modeling(ids),
          form: { ...generateForm('RM dataset', ids.plan('NW-RM-2026')), role: 'relationship manager', targetIncentive: '10000' },
        }),
      },
      {
        as: 'analyst',
        request: (ids) => ({
          path: modeling(ids),
          form: {
            intent: 'createScenario',
            name: 'RM scenario',
            planVersionId: String(ids.model.version('NW-RM-2026', 2)),
            datasetId: String(ids.model.dataset('RM dataset')),
            changesJson: '[]',
          },
        }),
      },
    ],
    request: (ids, role) => ({
      path: role === 'pm' ? scenarioPath(ids, 'RM scenario') : scenarioPath(ids, 'Raise the top tier to 3 %'),
      form: { intent: 'promote' },
    }),
  },
  {
    name: 'create a project',
    allowed: ['admin', 'pm'],
    request: (_ids, role) => ({
      path: '/projects/new',
      form: { name: `Project started by ${role}`, client: 'Acme', methodologyKey: 'SALE', startDate: '2027-01-04', targetDate: '2027-09-30' },
    }),
  },
  {
    name: 're-plan a phase’s dates',
    allowed: ['pm'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/phases/${ids.launch}`,
      form: {
        intent: 'replan',
        shownStart: ids.launchPlan.start,
        shownEnd: ids.launchPlan.end,
        plannedStart: ids.launchPlan.start,
        plannedEnd: new Date(Date.parse(`${ids.launchPlan.end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
        reason: '',
      },
    }),
  },
  {
    name: 'mark a milestone reached',
    allowed: ['pm'],
    request: (ids) => ({ path: `/projects/${ids.northwind}`, form: { intent: 'completeMilestone', milestoneId: String(ids.milestone) } }),
  },
  {
    name: 'add a project member',
    allowed: ['admin', 'pm'],
    request: addMember,
  },
  {
    name: 'remove a project member',
    allowed: ['admin', 'pm'],
    prepare: [
      { as: 'admin', request: (ids) => addMember(ids, 'admin') },
      { as: 'pm', request: (ids) => addMember(ids, 'pm') },
    ],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/members`,
      form: { intent: 'remove', memberId: String(ids.member(role === 'admin' ? 'analyst' : 'viewer')) },
    }),
  },
  {
    name: 'change a member’s function',
    allowed: ['admin', 'pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/members`,
      form: { intent: 'changeFunction', userId: String(ids.tester2), function: role === 'admin' ? 'it' : 'hr' },
    }),
  },
  {
    name: 'request a gate review',
    allowed: ['pm'],
    request: requestEvaluateReview,
  },
  {
    name: 'send a gate back',
    allowed: ['stakeholder'],
    prepare: [{ as: 'pm', request: requestEvaluateReview }],
    request: (ids) => ({
      path: `/projects/${ids.contoso}/phases/${ids.evaluate}`,
      form: {
        intent: 'reject',
        reason: 'The findings are not prioritised with the business yet.',
        expectedVersion: ids.gateShown(ids.evaluate).expectedVersion,
      },
    }),
  },
  {
    name: 'approve a gate',
    allowed: ['stakeholder'],
    request: (ids) => ({
      path: `/projects/${ids.fabrikam}/phases/${ids.assess}`,
      form: { intent: 'approve', password: demoPassword, meaning: 'I approve the Assess gate for Fabrikam Insurance recovery', ...ids.gateShown(ids.assess) },
    }),
  },
  {
    name: 'create a person',
    allowed: ['admin'],
    request: (_ids, role) => ({
      path: '/admin/people/new',
      form: { name: `New person by ${role}`, email: `new-${role}@demo.test`, password: 'a-long-password-1' },
    }),
  },
  {
    name: 'reset a password',
    allowed: ['admin'],
    request: (ids) => ({ path: `/admin/people/${ids.tester2}`, form: { password: 'another-long-password' } }),
  },
  {
    name: 'write a requirement',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/new`,
      form: {
        title: `A requirement written by the ${role}`,
        description: 'Text.',
        category: 'crediting',
        priority: 'could',
        ownerId: String(ids.stakeholder),
        phaseKey: 'launch',
        acceptanceCriteria: 'It is written',
        examples: '[]',
      },
    }),
  },
  {
    name: 'edit a signed-off requirement (new version)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => {
      const key = role === 'analyst' ? 'REQ-009' : 'REQ-003';
      return {
        path: `/projects/${ids.northwind}/requirements/${ids.req(key)}/edit`,
        form: requirementForm(ids.stakeholder, { title: `Revised by the ${role}: managers receive roll-up credit`, baseFingerprint: ids.fingerprint(key) }),
      };
    },
  },
  {
    name: 'submit a draft for sign-off (its author only)',
    allowed: ['analyst'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-015')}`,
      form: { intent: 'submit', signerIds: String(ids.stakeholder), fingerprint: ids.fingerprint('REQ-015') },
    }),
  },
  {
    name: 'sign a requirement (a named signer only)',
    allowed: ['stakeholder'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-010')}`,
      form: { intent: 'sign', meaning: 'approved as business owner', password: demoPassword, ...ids.requirementShown('REQ-010') },
    }),
  },
  {
    name: 'request changes to a requirement',
    allowed: ['stakeholder'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-034')}`,
      form: { intent: 'requestChanges', comment: 'Say how the two hours are measured.' },
    }),
  },
  {
    name: 'withdraw a requirement from review (its author only)',
    allowed: ['analyst'],
    request: (ids) => ({ path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-026')}`, form: { intent: 'withdraw' } }),
  },
  {
    name: 'retire a requirement (author or PM)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req(role === 'analyst' ? 'REQ-032' : 'REQ-029')}`,
      form: { intent: 'retire' },
    }),
  },
  {
    name: 'comment on a requirement',
    allowed: ['pm', 'stakeholder', 'analyst', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-001')}`,
      form: { intent: 'comment', body: `A comment from the ${role}.` },
    }),
  },
  {
    name: 'link two requirements',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-005')}`,
      form: { intent: 'link', otherKey: role === 'analyst' ? 'REQ-012' : 'REQ-011' },
    }),
  },
  {
    name: 'clear a suspect flag',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req(role === 'analyst' ? 'REQ-001' : 'REQ-002')}`,
      form: { intent: 'clearSuspect' },
    }),
  },
  {
    name: 'import requirements',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/requirements/import`,
      form: {
        csv: `title,description,category,priority,owner_email,phase,acceptance_criteria,links\n"Imported by the ${role}",Text,crediting,could,stakeholder@demo.test,launch,It is imported,`,
      },
    }),
  },
  {
    name: 'take a requirements baseline',
    allowed: ['pm'],
    request: (ids, role) => ({ path: `/projects/${ids.northwind}/baselines`, form: { name: `Baseline by ${role}` } }),
  },
  {
    name: 'upload a plan',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/plans`,
      form: { document: JSON.stringify({ ...commercialBankerPlan, id: `NW-BY-${role.toUpperCase()}` }), note: 'test' },
    }),
  },
  {
    name: 'plan a test cycle',
    allowed: ['pm', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/testing`,
      form: { name: `Cycle by ${role}`, kind: 'UAT', entryCriteria: 'ready', exitCriteria: 'done', plannedStart: '2026-12-01', plannedEnd: '2026-12-10' },
    }),
  },
  {
    name: 'write a payout case',
    allowed: ['pm', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/testing/cycles/1`,
      form: {
        title: `Case by ${role}`,
        planId: '1',
        ...caseData,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
        tolerance: '0',
      },
    }),
  },
  {
    name: 'edit a payout case',
    allowed: ['pm', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/testing/cases/${role === 'tester' ? 1 : 2}`,
      form: {
        intent: 'edit',
        baseVersion: '1',
        title: `Edited by ${role}`,
        ...caseData,
        expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
        tolerance: '0',
      },
    }),
  },
  {
    name: 'run a payout case',
    allowed: ['pm', 'tester'],
    request: (ids) => ({ path: `/projects/${ids.northwind}/testing/cases/1/run`, form: {} }),
  },
  {
    name: 'log a defect on a failing run',
    allowed: ['pm', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/testing/cases/6`,
      form: { intent: 'logDefect', runId: String(ids.failingRun), title: `Defect logged by ${role}`, severity: '3', steps: 'Run TC-006.' },
    }),
  },
  {
    name: 'start work on a defect',
    allowed: ['pm', 'analyst'],
    // DEF-003 (the seeded Q3 run's B3 variance) is verified: its tester reopens it, so two defects are open.
    prepare: [
      {
        as: 'tester',
        request: (ids) => ({ path: `/projects/${ids.northwind}/defects/3`, form: { action: 'REOPEN', text: 'The legacy team disputes the threshold.' } }),
      },
    ],
    request: (ids, role) => ({ path: `/projects/${ids.northwind}/defects/${role === 'analyst' ? 3 : 2}`, form: { action: 'START' } }),
  },
  {
    // DEF-001's fix is in NW-RM-2026 v2: it is verified once that version is approved, published and in effect.
    name: 'verify a fixed defect (a tester who did not fix it)',
    allowed: ['tester'],
    prepare: [salesopsSigns, stakeholderSigns, { as: 'pm', request: (ids) => ({ path: rmVersion(ids), form: { intent: 'publish', effectiveFrom: today() } }) }],
    request: (ids) => ({ path: `/projects/${ids.northwind}/defects/1`, form: { action: 'VERIFY' } }),
  },
  {
    name: 'set a plan’s approval route',
    allowed: ['pm'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/plans/${ids.plan('NW-CB-2026')}`,
      form: {
        [`group.${ids.salesops}`]: '1',
        [`meaning.${ids.salesops}`]: 'approved as sales operations',
        [`group.${ids.stakeholder}`]: '2',
        [`meaning.${ids.stakeholder}`]: 'approved as business owner',
      },
    }),
  },
  {
    name: 'validate a draft plan version (an author or the PM)',
    allowed: ['pm', 'analyst'],
    prepare: newPlan('NW-AUTH-VALIDATE').slice(0, 1),
    request: (ids) => ({ path: `/projects/${ids.northwind}/plans/${ids.plan('NW-AUTH-VALIDATE')}/versions/1`, form: { intent: 'validate' } }),
  },
  {
    name: 'run one payout case to validate a draft plan version (an author or the PM)',
    allowed: ['pm', 'analyst'],
    prepare: [
      { as: 'analyst', request: (ids) => ({ path: `/projects/${ids.northwind}/plans/${ids.plan('NW-CB-2026')}/versions/1`, form: { intent: 'newVersion' } }) },
    ],
    request: (ids) => ({ path: `/projects/${ids.northwind}/plans/${ids.plan('NW-CB-2026')}/versions/2/validate/1`, form: {} }),
  },
  {
    name: 'submit a validated plan version (an author or the PM)',
    allowed: ['pm', 'analyst'],
    prepare: [...newPlan('NW-AUTH-BY-PM'), ...newPlan('NW-AUTH-BY-ANALYST')],
    request: (ids, role) => {
      const key = role === 'analyst' ? 'NW-AUTH-BY-ANALYST' : 'NW-AUTH-BY-PM';
      return {
        path: `/projects/${ids.northwind}/plans/${ids.plan(key)}/versions/1`,
        form: { intent: 'submit', fingerprint: ids.planShown(key, 1).fingerprint },
      };
    },
  },
  {
    name: 'sign a plan version (the route’s approver whose group’s turn it is)',
    allowed: ['stakeholder'],
    prepare: [salesopsSigns],
    request: (ids) => signPlan(ids, 'approved as business owner'),
  },
  {
    name: 'reject a plan version (the route’s approver whose group’s turn it is)',
    allowed: ['stakeholder'],
    prepare: [salesopsSigns],
    request: (ids) => ({ path: rmVersion(ids), form: { intent: 'reject', reason: 'The cap needs the comp committee’s minute first.' } }),
  },
  {
    name: 'withdraw a plan version from approval (its author)',
    allowed: ['analyst'],
    request: (ids) => ({ path: rmVersion(ids), form: { intent: 'withdraw' } }),
  },
  {
    name: 'publish an approved plan version (the PM)',
    allowed: ['pm'],
    prepare: [salesopsSigns, stakeholderSigns],
    request: (ids) => ({ path: rmVersion(ids), form: { intent: 'publish', effectiveFrom: '2027-07-01' } }),
  },
  {
    name: 'edit a draft plan version in the browser (plan writers)',
    allowed: ['pm', 'analyst'],
    prepare: newPlan('NW-AUTH-EDIT').slice(0, 1),
    request: (ids, role) => {
      const key = 'NW-AUTH-EDIT';
      return {
        path: `/projects/${ids.northwind}/plans/${ids.plan(key)}/versions/1/edit`,
        form: {
          intent: 'save',
          baseFingerprint: ids.planShown(key, 1).fingerprint,
          working: JSON.stringify({ ...commercialBankerPlan, id: key }),
          name: `Edited by ${role}`,
        },
      };
    },
  },
  {
    // NW-CB-2026 v1 is published; NW-RM-2026 v2 is published here too, so each writer has a plan with no version under way.
    name: 'start a new version from a published one (plan writers)',
    allowed: ['pm', 'analyst'],
    prepare: [salesopsSigns, stakeholderSigns, { as: 'pm', request: (ids) => ({ path: rmVersion(ids), form: { intent: 'publish', effectiveFrom: today() } }) }],
    request: (ids, role) => ({
      path: role === 'analyst' ? rmVersion(ids) : `/projects/${ids.northwind}/plans/${ids.plan('NW-CB-2026')}/versions/1`,
      form: { intent: 'newVersion' },
    }),
  },
  {
    name: 'make a payout case of a worked example',
    allowed: ['pm', 'tester'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/requirements/${ids.req('REQ-001')}`,
      form: { intent: 'caseFromExample', exampleIndex: '0', cycleId: '1', planId: '1' },
    }),
  },
  {
    name: 'start a parallel run',
    allowed: ['pm', 'tester'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/parallel-runs`,
      form: { name: `Parallel run by ${role}`, planId: '1', ...parallelInputs, legacyCsv: legacyPayouts, threshold: '1.00' },
    }),
  },
  {
    name: 'create a vendor contract (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/vendors`,
      form: {
        intent: 'createContract',
        firmId: String(ids.vendor.acme),
        reference: `SOW-BY-${role}`,
        title: 'Change requests',
        value: '25000.00',
        currency: 'USD',
        startDate: '2026-12-01',
        endDate: '2027-03-31',
      },
    }),
  },
  {
    name: 'add a vendor commitment (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/vendors`,
      form: { intent: 'addCommitment', firmId: String(ids.vendor.acme), kind: 'dated', text: `Promise recorded by ${role}`, dueDate: '2026-12-18' },
    }),
  },
  {
    name: 'record a dated commitment met or missed (the PM)',
    allowed: ['pm'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/vendors`,
      form: { intent: 'recordCommitment', commitmentId: String(ids.vendor.datedCommitment), status: 'missed', note: 'Off site in week 2.' },
    }),
  },
  {
    name: 'release a releasable payment milestone (the PM)',
    allowed: ['pm'],
    request: (ids) => ({
      path: `/projects/${ids.northwind}/vendors`,
      form: { intent: 'release', milestoneId: String(ids.vendor.milestone('Design and configuration of the commercial banker plan')) },
    }),
  },
  {
    name: 'add a deliverable to a contract (the PM)',
    allowed: ['pm'],
    request: (ids, role) => addDeliverableForm(ids, `Deliverable added by ${role}`),
  },
  {
    name: 'add a payment milestone (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: contractPath(ids),
      form: {
        intent: 'addMilestone',
        name: `Milestone by ${role}`,
        amount: '1000.00',
        dueDate: '2027-01-15',
        deliverableIds: String(ids.vendor.deliverable('DLV-008')),
      },
    }),
  },
  {
    name: 'start a deliverable (its vendor firm or the PM)',
    allowed: ['pm', 'vendor'],
    prepare: [{ as: 'pm', request: (ids) => addDeliverableForm(ids, 'Cutover runbook') }],
    request: (ids, role) => deliverablePost(ids, role === 'pm' ? 'DLV-008' : 'DLV-009', { intent: 'start' }),
  },
  {
    name: 'submit a deliverable (its vendor firm only)',
    allowed: ['vendor'],
    request: (ids) => deliverablePost(ids, 'DLV-006', { intent: 'submit', note: 'Crediting rules delivered', evidence: 'NW/Crediting.docx' }),
  },
  {
    name: 'take a deliverable into review (its named client reviewer)',
    allowed: ['stakeholder'],
    request: (ids) => deliverablePost(ids, 'DLV-003', { intent: 'review' }),
  },
  {
    name: 'reject a deliverable with a reason per unmet criterion (its named client reviewer)',
    allowed: ['stakeholder'],
    request: (ids) => ({
      ...deliverablePost(ids, 'DLV-004', {
        intent: 'reject',
        checked: ids.vendor.criteria('DLV-004', 'checklist').map(String),
        ...Object.fromEntries(ids.vendor.criteria('DLV-004', 'test_cycle').map((id) => [`reason.${id}`, 'UAT round 1 does not pass yet.'])),
      }),
    }),
  },
  {
    name: 'accept a deliverable with a signature (its named client reviewer)',
    allowed: ['stakeholder'],
    prepare: [
      { as: 'pm', request: (ids) => addDeliverableForm(ids, 'Cutover runbook') },
      { as: 'vendor', request: (ids) => deliverablePost(ids, 'DLV-009', { intent: 'start' }) },
      { as: 'vendor', request: (ids) => deliverablePost(ids, 'DLV-009', { intent: 'submit', note: 'Runbook v1 delivered' }) },
      { as: 'stakeholder', request: (ids) => deliverablePost(ids, 'DLV-009', { intent: 'review' }) },
    ],
    request: (ids, role) =>
      deliverablePost(ids, 'DLV-009', {
        intent: 'accept',
        password: demoPassword,
        meaning: role === 'stakeholder' ? 'approved as business owner' : 'reviewed, no objection',
        ...ids.vendor.acceptShown('DLV-009'),
      }),
  },
  {
    name: 'comment on a deliverable (its vendor firm and the client side that reviews vendor work)',
    allowed: ['pm', 'stakeholder', 'analyst', 'tester', 'vendor'],
    request: (ids, role) => deliverablePost(ids, 'DLV-006', { intent: 'comment', body: `A question from the ${role}` }),
  },
  {
    name: 'waive a deliverable with a reason (the PM)',
    allowed: ['pm'],
    request: (ids) => deliverablePost(ids, 'DLV-007', { intent: 'waive', reason: 'Interfaces specified by the client’s IT team instead.' }),
  },
  // The RAID log (issue 14): the PM and analysts write; everyone else reads (Acme only what is shared with Acme).
  {
    name: 'log a RAID item (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: raidPath(ids),
      form: { intent: 'log', type: 'action', title: `Action logged by ${role}`, ownerId: String(ids.stakeholder), dueDate: '2027-01-15' },
    }),
  },
  {
    name: 'edit a RAID item against the version shown (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: raidItemPath(ids, 'RAID-017'),
      form: {
        intent: 'edit',
        type: 'dependency',
        title: `Legal approves the plan documents (edited by ${role})`,
        version: String(ids.raid.item('RAID-017').version),
      },
    }),
  },
  {
    name: 'close a RAID item (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => {
      const key = role === 'analyst' ? 'RAID-022' : 'RAID-021';
      return { path: raidItemPath(ids, key), form: { intent: 'close', version: String(ids.raid.item(key).version) } };
    },
  },
  {
    name: 'reopen a RAID item with a reason (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => {
      const key = role === 'analyst' ? 'RAID-011' : 'RAID-007';
      return { path: raidItemPath(ids, key), form: { intent: 'reopen', version: String(ids.raid.item(key).version), reason: `Reopened by the ${role}` } };
    },
  },
  {
    name: 'link a RAID item (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: raidItemPath(ids, 'RAID-003'),
      form: { intent: 'link', target: `raid:${ids.raid.item(role === 'analyst' ? 'RAID-006' : 'RAID-005').id}` },
    }),
  },
  {
    name: 'remove a RAID item link (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => {
      const key = role === 'analyst' ? 'RAID-004' : 'RAID-013';
      return { path: raidItemPath(ids, key), form: { intent: 'unlink', linkId: String(ids.raid.firstLink(key)) } };
    },
  },
  {
    name: 'import RAID items from CSV (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({ path: raidPath(ids), form: { intent: 'import', csv: `type,title\ndependency,Imported by the ${role}\n` } }),
  },
];

/** Change requests and the schedule baseline (issue 14). */
const changePath = (ids: Ids, key: string) => `/projects/${ids.northwind}/changes/${ids.change.id(key)}`;
const changeCases: Case[] = [
  {
    name: 'raise a change request (the PM, analysts and stakeholders)',
    allowed: ['pm', 'stakeholder', 'analyst'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/changes`,
      form: {
        title: `Raised by the ${role}`,
        description: 'A change raised by the authorization test.',
        deciderId: String(role === 'stakeholder' ? ids.salesops : ids.stakeholder),
      },
    }),
  },
  {
    name: 'assess a change request’s impact (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (_ids, role) => ({ path: changePath(_ids, 'CR-002'), form: { intent: 'assess', summary: `Assessed again by the ${role}.`, cost: '100' } }),
  },
  {
    name: 'approve a change request (only its named decider)',
    allowed: ['stakeholder'],
    request: (ids) => ({
      path: changePath(ids, 'CR-002'),
      form: { intent: 'approve', password: demoPassword, meaning: 'approved as business owner', fingerprint: ids.change.shown('CR-002') },
    }),
  },
  {
    name: 'reject a change request (only its named decider)',
    allowed: ['stakeholder'],
    request: (ids) => ({ path: changePath(ids, 'CR-002'), form: { intent: 'reject', reason: 'Not before go-live.' } }),
  },
  {
    name: 'withdraw a change request (its requester or the PM)',
    allowed: ['pm'],
    request: (ids) => ({ path: changePath(ids, 'CR-002'), form: { intent: 'withdraw', reason: 'Superseded by another request.' } }),
  },
  {
    // CR-003 is raised, assessed and approved first, so each allowed role has an approved change to implement.
    name: 'record a change request implemented (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    prepare: [
      {
        as: 'analyst',
        request: (ids) => ({
          path: `/projects/${ids.northwind}/changes`,
          form: { title: 'A second approved change', description: 'Raised so that two changes are approved.', deciderId: String(ids.stakeholder) },
        }),
      },
      { as: 'pm', request: (ids) => ({ path: changePath(ids, 'CR-003'), form: { intent: 'assess', summary: 'A small change with a cost.', cost: '500' } }) },
      {
        as: 'stakeholder',
        request: (ids) => ({
          path: changePath(ids, 'CR-003'),
          form: { intent: 'approve', password: demoPassword, meaning: 'approved as business owner', fingerprint: ids.change.shown('CR-003') },
        }),
      },
    ],
    request: (ids, role) => ({
      path: changePath(ids, role === 'analyst' ? 'CR-003' : 'CR-001'),
      form: { intent: 'implement', planVersionIds: String(ids.model.version('NW-CB-2026', 1)) },
    }),
  },
  {
    name: 'close an implemented change request (the PM)',
    allowed: ['pm'],
    prepare: [
      {
        as: 'analyst',
        request: (ids) => ({ path: changePath(ids, 'CR-001'), form: { intent: 'implement', planVersionIds: String(ids.model.version('NW-CB-2026', 1)) } }),
      },
    ],
    request: (ids) => ({ path: changePath(ids, 'CR-001'), form: { intent: 'close' } }),
  },
  {
    name: 'set the status rules’ thresholds of a methodology (admins)',
    allowed: ['admin'],
    request: (ids) => ({
      path: '/admin/status-rules',
      form: { methodologyId: String(ids.methodology('SALE')), 'amber.overdueMilestones': '2', 'red.overdueMilestones': '4' },
    }),
  },
  // Notifications (issue 14): a person marks only their own read; an admin sets the reminder days.
  {
    name: 'mark one of the business owner’s notifications read (only they may; anyone else finds no such notification)',
    allowed: ['stakeholder'],
    request: (ids) => ({ path: '/notifications', form: { intent: 'read', notificationId: String(ids.notification('stakeholder@demo.test')) } }),
  },
  {
    // Everyone signed in may; it is refused (422, nothing written) for whoever has nothing unread. In the
    // demo, the PM, the business owner, the analyst and the tester have notices (signatures asked, overdue items).
    name: 'mark all my notifications read (whoever has unread ones)',
    allowed: ['pm', 'stakeholder', 'analyst', 'tester'],
    request: () => ({ path: '/notifications', form: { intent: 'readAll' } }),
  },
  {
    // My work's "waiting on others": only who requested the Fabrikam Assess gate review (the demo PM) reminds its approvers.
    name: 'remind the approvers of a gate review from My work (only the PM who requested it)',
    allowed: ['pm'],
    request: (ids) => ({ path: '/?index', form: { intent: 'remind', kind: 'gate', id: String(ids.assess) } }),
  },
  {
    name: 'set the reminder days (admins)',
    allowed: ['admin'],
    request: () => ({ path: '/admin/outbox', form: { reminderDays: '5' } }),
  },
  {
    name: 'set the project’s colour against the computed status, with a reason (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}`,
      form: { intent: 'overrideStatus', colour: 'red', reason: `Red for the steering committee, by the ${role}.` },
    }),
  },
  {
    name: 'write a status report (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/reports`,
      form: { period: `Week 49 by the ${role}`, summary: 'Build complete still overdue.' },
    }),
  },
  {
    name: 'publish a status report (the PM)',
    allowed: ['pm'],
    prepare: [
      { as: 'pm', request: (ids) => ({ path: `/projects/${ids.northwind}/reports`, form: { period: 'Week 49 draft', summary: 'A draft to publish.' } }) },
    ],
    request: (ids) => ({ path: `/projects/${ids.northwind}/reports/${ids.report('Week 49 draft')}`, form: { intent: 'publish' } }),
  },
  {
    name: 'take a schedule baseline (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({ path: `/projects/${ids.northwind}/schedule`, form: { note: `Taken by the ${role}` } }),
  },
];

/** E3 optimization (issue 17) on Contoso: its seeded cycle is evolving after review 1; 2026-Q2 was not reviewed yet. */
const e3Path = (ids: Ids, tail = '') => `/projects/${ids.contoso}/optimization${tail}`;
const e3Results = 'participant,component,payout,capped,quota,credited_revenue\nC001,Revenue,1000.00,no,100000,90000\n';
const startCycle = (ids: Ids): Post => ({ path: e3Path(ids), form: { intent: 'start-cycle', sponsorId: String(ids.stakeholder) } });
const configureBaseline = (ids: Ids): Post => ({
  path: e3Path(ids, '/baseline'),
  form: {
    intent: 'configure',
    expectedVersion: ids.e3.version(),
    periods: ['2024-Q4', '2025-Q1'],
    track: 'disputeRate',
    'target:disputeRate': '6',
    'tolerance:disputeRate': '2',
    cadenceWeeks: '13',
  },
});
const startReview = (ids: Ids): Post => ({ path: e3Path(ids), form: { intent: 'start-review', expectedVersion: ids.e3.version(), periods: '2026-Q2' } });
const recordFinding = (ids: Ids): Post => ({
  path: e3Path(ids, '/reviews/2'),
  form: { intent: 'finding', expectedVersion: ids.e3.version(), kpi: 'disputeRate', note: 'Disputes stay above target in 2026-Q2.' },
});
const signReview = (ids: Ids): Post => ({
  path: e3Path(ids, '/reviews/2'),
  form: { intent: 'sign', password: demoPassword, meaning: 'approved as business owner', ...ids.e3.reviewShown() },
});
const e3Cases: Case[] = [
  {
    name: 'upload a period of programme data (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    request: (ids, role) => ({
      path: e3Path(ids, '/data'),
      form: { period: role === 'pm' ? '2099-Q1' : '2099-Q2', closeDate: '2099-03-31', paymentDate: '2099-04-20', results: e3Results, events: '' },
    }),
  },
  {
    name: 'start an E3 cycle naming its sponsor (the PM)',
    allowed: ['pm'],
    request: (ids) => startCycle(ids),
  },
  {
    name: 'choose the baseline periods and KPIs (the PM)',
    allowed: ['pm'],
    prepare: [{ as: 'pm', request: startCycle }],
    request: (ids) => configureBaseline(ids),
  },
  {
    name: 'sign the baseline (the sponsor named for the cycle; never whoever configured it)',
    allowed: ['stakeholder'],
    prepare: [
      { as: 'pm', request: startCycle },
      { as: 'pm', request: configureBaseline },
    ],
    request: (ids) => ({
      path: e3Path(ids, '/baseline'),
      form: { intent: 'sign', password: demoPassword, meaning: 'approved as business owner', ...ids.e3.baselineShown() },
    }),
  },
  {
    name: 'start a cadence review (the PM)',
    allowed: ['pm'],
    request: (ids) => startReview(ids),
  },
  {
    name: 'record a review finding (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    prepare: [{ as: 'pm', request: startReview }],
    request: (ids) => recordFinding(ids),
  },
  {
    name: 'sign a review (the sponsor named for the cycle)',
    allowed: ['stakeholder'],
    prepare: [
      { as: 'pm', request: startReview },
      { as: 'analyst', request: recordFinding },
    ],
    request: (ids) => signReview(ids),
  },
  {
    // Each allowed role turns a different finding into a change: review 1's second (the PM), review 2's first (the analyst).
    name: 'turn a finding of a signed review into a change request (the PM and analysts)',
    allowed: ['pm', 'analyst'],
    prepare: [
      { as: 'pm', request: startReview },
      { as: 'analyst', request: recordFinding },
      { as: 'stakeholder', request: signReview },
    ],
    request: (ids, role) => ({
      path: e3Path(ids, `/reviews/${role === 'analyst' ? 2 : 1}`),
      form: { intent: 'change', expectedVersion: ids.e3.version(), finding: role === 'analyst' ? '1' : '2', title: `Act on the finding, by the ${role}` },
    }),
  },
];

/** The RAID log's pages (issue 14). */
const raidPath = (ids: Ids) => `/projects/${ids.northwind}/raid`;
const raidItemPath = (ids: Ids, key: string) => `${raidPath(ids)}/${ids.raid.item(key).id}`;
/** Acme's statement of work on Northwind, its contract page, and a deliverable's page (issue 12). */
const contractPath = (ids: Ids) => `/projects/${ids.northwind}/vendors/contracts/${ids.vendor.acmeContract}`;
const deliverablePost = (ids: Ids, key: string, form: Record<string, string | string[]>): Post => ({
  path: `/projects/${ids.northwind}/deliverables/${ids.vendor.deliverable(key)}`,
  form,
});
/** A deliverable with only a checklist (so it can be accepted at once), reviewed by the business owner. */
const addDeliverableForm = (ids: Ids, title: string): Post => ({
  path: contractPath(ids),
  form: {
    intent: 'addDeliverable',
    title,
    phaseKey: 'launch',
    dueDate: '2027-01-15',
    ownerId: String(ids.vendor.victor),
    reviewerId: String(ids.stakeholder),
    checklist: 'Walked through with the service desk',
  },
});

/** Platform selection (issue 18): a drafted selection the PM starts on Northwind, Contoso's in scoring, Northwind's decided. */
const draft = 'Drafted by the authorization test';
const contosoSelection = 'Territory and quota planning tool';
const northwindSelection = 'ICM platform for the commercial bank';
const selectionPath = (ids: Ids, title: string, projectId = title === contosoSelection ? ids.contoso : ids.northwind) =>
  `/projects/${projectId}/selections/${ids.selection.id(title)}`;
const startDraft = {
  as: 'pm' as const,
  request: (ids: Ids): Post => ({
    path: `/projects/${ids.northwind}/selections`,
    form: { title: draft, sponsorId: String(ids.stakeholder), evaluatorIds: [String(ids.selection.analyst), String(ids.stakeholder)] },
  }),
};
const draftStep = (form: (ids: Ids) => Record<string, string | string[]>) => ({
  as: 'pm' as const,
  request: (ids: Ids): Post => ({ path: selectionPath(ids, draft), form: form(ids) }),
});
const twoCandidatesAndACriterion = [
  startDraft,
  draftStep(() => ({ intent: 'addCandidate', vendorName: 'Meridian Software', product: 'Meridian Incentives', category: 'ICM' })),
  draftStep(() => ({ intent: 'addCandidate', vendorName: 'Tallyworks', product: 'Tallyworks Comp Cloud', category: 'ICM' })),
  draftStep(() => ({ intent: 'addCriterion', group: 'functional', name: 'Functional fit', weight: '100' })),
];
const lockDraft = {
  as: 'stakeholder' as const,
  request: (ids: Ids): Post => ({
    path: selectionPath(ids, draft),
    form: { intent: 'lock', password: demoPassword, meaning: 'approved as business owner', ...ids.selection.lockShown(draft) },
  }),
};
const selectionCases: Case[] = [
  {
    name: 'start a platform selection (the PM)',
    allowed: ['pm'],
    request: (ids, role) => ({
      path: `/projects/${ids.northwind}/selections`,
      form: { title: `Started by the ${role}`, sponsorId: String(ids.stakeholder), evaluatorIds: String(ids.selection.analyst) },
    }),
  },
  {
    name: 'link a selection’s needs (the PM, while drafted)',
    allowed: ['pm'],
    prepare: [startDraft],
    request: (ids) => ({ path: selectionPath(ids, draft), form: { intent: 'needs', requirementIds: String(ids.req('REQ-001')) } }),
  },
  {
    name: 'add a candidate platform (the PM, while drafted)',
    allowed: ['pm'],
    prepare: [startDraft],
    request: (ids) => ({ path: selectionPath(ids, draft), form: { intent: 'addCandidate', vendorName: 'Atlas', product: 'Atlas ICM', category: 'ICM' } }),
  },
  {
    name: 'remove a candidate platform (the PM, while drafted)',
    allowed: ['pm'],
    prepare: twoCandidatesAndACriterion,
    request: (ids) => ({
      path: selectionPath(ids, draft),
      form: { intent: 'removeCandidate', candidateId: String(ids.selection.candidate(draft, 'Tallyworks Comp Cloud')) },
    }),
  },
  {
    name: 'add a selection criterion (the PM, while drafted)',
    allowed: ['pm'],
    prepare: [startDraft],
    request: (ids) => ({ path: selectionPath(ids, draft), form: { intent: 'addCriterion', group: 'references', name: 'References', weight: '10' } }),
  },
  {
    name: 'remove a selection criterion (the PM, while drafted)',
    allowed: ['pm'],
    prepare: twoCandidatesAndACriterion,
    request: (ids) => ({
      path: selectionPath(ids, draft),
      form: { intent: 'removeCriterion', criterionId: String(ids.selection.criterion(draft, 'Functional fit')) },
    }),
  },
  {
    name: 'set the criteria’s weights (the PM, while drafted)',
    allowed: ['pm'],
    prepare: twoCandidatesAndACriterion,
    request: (ids) => ({ path: selectionPath(ids, draft), form: { intent: 'weights', [`weight.${ids.selection.criterion(draft, 'Functional fit')}`]: '90' } }),
  },
  {
    name: 'record a candidate’s fit to the needs (the PM, while drafted)',
    allowed: ['pm'],
    prepare: [...twoCandidatesAndACriterion, draftStep((ids) => ({ intent: 'needs', requirementIds: String(ids.req('REQ-001')) }))],
    request: (ids) => ({
      path: selectionPath(ids, draft),
      form: { intent: 'fit', candidateId: String(ids.selection.candidate(draft, 'Meridian Incentives')), [`fit.${ids.req('REQ-001')}`]: 'configured' },
    }),
  },
  {
    name: 'record a candidate’s five-year costs (the PM, until scoring is over)',
    allowed: ['pm'],
    request: (ids) => ({
      path: selectionPath(ids, contosoSelection),
      form: { intent: 'costs', candidateId: String(ids.selection.candidate(contosoSelection, 'Atlas Territories')), 'cost.licences.1': '61000.50' },
    }),
  },
  {
    name: 'lock the criteria (only the selection’s sponsor, with a signature)',
    allowed: ['stakeholder'],
    prepare: twoCandidatesAndACriterion,
    request: (ids) => lockDraft.request(ids),
  },
  {
    name: 'open scoring (the PM, once the criteria are locked)',
    allowed: ['pm'],
    prepare: [...twoCandidatesAndACriterion, lockDraft],
    request: (ids) => ({ path: selectionPath(ids, draft), form: { intent: 'open' } }),
  },
  {
    name: 'save a score sheet (only a named evaluator who has not submitted: Contoso’s sponsor)',
    allowed: ['stakeholder'],
    request: (ids) => ({ path: `${selectionPath(ids, contosoSelection)}/scores`, form: { intent: 'save', ...ids.selection.fullSheet(contosoSelection) } }),
  },
  {
    name: 'submit a complete score sheet (only a named evaluator who has not submitted: Contoso’s sponsor)',
    allowed: ['stakeholder'],
    request: (ids) => ({ path: `${selectionPath(ids, contosoSelection)}/scores`, form: { intent: 'submit', ...ids.selection.fullSheet(contosoSelection) } }),
  },
  {
    name: 'close scoring early (the PM)',
    allowed: ['pm'],
    request: (ids) => ({ path: selectionPath(ids, contosoSelection), form: { intent: 'close' } }),
  },
  {
    name: 'sign a selection’s decision (only its sponsor)',
    allowed: ['stakeholder'],
    prepare: [{ as: 'pm', request: (ids) => ({ path: selectionPath(ids, contosoSelection), form: { intent: 'close' } }) }],
    request: (ids) => ({
      path: `${selectionPath(ids, contosoSelection)}/results`,
      form: {
        intent: 'decide',
        candidateId: String(ids.selection.candidate(contosoSelection, 'Atlas Territories')),
        password: demoPassword,
        meaning: 'approved as business owner',
        ...ids.selection.decisionShown(contosoSelection),
      },
    }),
  },
  {
    name: 'reopen a decided selection with a reason (only its sponsor)',
    allowed: ['stakeholder'],
    request: (ids) => ({ path: `${selectionPath(ids, northwindSelection)}/results`, form: { intent: 'reopen', reason: 'A new price list arrived.' } }),
  },
];

/** A portal of its own for one test (stopped when the test ends), with the demo's ids and a client per role. */
async function portalForOneTest() {
  const portal = await startPortal();
  onTestFinished(() => portal.stop());
  const as = { signedOut: client(portal) } as Record<Preparer, ReturnType<typeof client>>;
  for (const role of roles) if (role !== 'signedOut') as[role] = await signIn(portal, emails[role], demoPassword);
  as.salesops = await signIn(portal, 'salesops@demo.test', demoPassword);
  return { portal, as, ids: idsOf(portal) };
}

/** The demo's ids in this portal; the fingerprint and member lookups read its current state. */
function idsOf(portal: Portal): Ids {
  const live = <T>(read: (db: ReturnType<typeof openDatabase>) => T): T => {
    const db = openDatabase(portal.dbPath);
    try {
      return read(db);
    } finally {
      db.$client.close();
    }
  };
  return live((db) => {
    const projectId = (name: string) => db.select().from(projects).where(eq(projects.name, name)).get()!.id;
    const phaseId = (projectId: number, key: string) =>
      db
        .select()
        .from(phases)
        .where(and(eq(phases.projectId, projectId), eq(phases.key, key)))
        .get()!.id;
    const userId = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!.id;
    const northwind = projectId('Northwind Bank ICM implementation');
    const fabrikam = projectId('Fabrikam Insurance recovery');
    const contoso = projectId('Contoso Retail E3 optimization');
    const tester2 = userId('tester2@demo.test');
    const reqIds = new Map(
      db
        .select()
        .from(requirements)
        .where(eq(requirements.projectId, northwind))
        .all()
        .map((r) => [r.key, r.id] as const),
    );
    return {
      req: (key) => reqIds.get(key)!,
      northwind,
      fabrikam,
      launch: phaseId(northwind, 'launch'),
      contoso,
      evaluate: phaseId(contoso, 'evaluate'),
      assess: phaseId(fabrikam, 'assess'),
      launchPlan: (() => {
        const p = db
          .select()
          .from(phases)
          .where(eq(phases.id, phaseId(northwind, 'launch')))
          .get()!;
        return { start: p.plannedStart, end: p.plannedEnd };
      })(),
      tester2,
      stakeholder: userId('stakeholder@demo.test'),
      milestone: db
        .select()
        .from(milestones)
        .where(and(eq(milestones.projectId, northwind), eq(milestones.name, 'Build complete')))
        .get()!.id,
      // TC-006's latest failing run on Northwind (Fabrikam's seeded recovery has failing runs of its own, seeded later).
      failingRun: (
        db.$client
          .prepare("SELECT max(r.id) AS id FROM test_runs r JOIN test_cases c ON c.id = r.case_id WHERE c.project_id = ? AND r.result = 'failed'")
          .get(northwind) as { id: number }
      ).id,
      salesops: userId('salesops@demo.test'),
      report: (period) =>
        live(
          (now) =>
            (
              now.$client.prepare('SELECT max(id) AS id FROM status_reports WHERE project_id = ? AND period LIKE ?').get(northwind, `${period}%`) as {
                id: number;
              }
            ).id,
        ),
      methodology: (key) => live((now) => (now.$client.prepare('SELECT id FROM methodologies WHERE key = ?').get(key) as { id: number }).id),
      notification: (email) =>
        live(
          (now) =>
            (
              now.$client
                .prepare('SELECT n.id AS id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ? AND n.read_at IS NULL ORDER BY n.id DESC')
                .get(email) as { id: number } | undefined
            )?.id ?? 999_999,
        ),
      selection: {
        id: (title) => live((now) => (now.$client.prepare('SELECT max(id) AS id FROM selections WHERE title = ?').get(title) as { id: number }).id),
        candidate: (title, product) =>
          live(
            (now) =>
              (
                now.$client
                  .prepare('SELECT max(c.id) AS id FROM selection_candidates c JOIN selections s ON s.id = c.selection_id WHERE s.title = ? AND c.product = ?')
                  .get(title, product) as { id: number }
              ).id,
          ),
        criterion: (title, name) =>
          live(
            (now) =>
              (
                now.$client
                  .prepare('SELECT max(c.id) AS id FROM selection_criteria c JOIN selections s ON s.id = c.selection_id WHERE s.title = ? AND c.name = ?')
                  .get(title, name) as { id: number }
              ).id,
          ),
        lockShown: (title) =>
          live((now) => {
            const id = (now.$client.prepare('SELECT max(id) AS id FROM selections WHERE title = ?').get(title) as { id: number }).id;
            const shown = selectionLockBasis(now, id);
            return { fingerprint: shown.fingerprint, expectedVersion: String(shown.expectedVersion) };
          }),
        decisionShown: (title) =>
          live((now) => {
            const id = (now.$client.prepare('SELECT max(id) AS id FROM selections WHERE title = ?').get(title) as { id: number }).id;
            const shown = selectionDecisionBasis(now, id);
            return { fingerprint: shown.fingerprint, expectedVersion: String(shown.expectedVersion) };
          }),
        fullSheet: (title) =>
          live((now) => {
            const id = (now.$client.prepare('SELECT max(id) AS id FROM selections WHERE title = ?').get(title) as { id: number }).id;
            const candidates = now.$client.prepare('SELECT id FROM selection_candidates WHERE selection_id = ?').all(id) as { id: number }[];
            const criteria = now.$client.prepare('SELECT id FROM selection_criteria WHERE selection_id = ? AND derived = 0').all(id) as { id: number }[];
            return Object.fromEntries(
              candidates.flatMap((c) =>
                criteria.flatMap((k) => [
                  [`score.${c.id}.${k.id}`, '3'],
                  [`comment.${c.id}.${k.id}`, 'Adequate, from the authorization test.'],
                ]),
              ),
            );
          }),
        analyst: userId('analyst@demo.test'),
      },
      recovery: {
        project: (name) => live((now) => (now.$client.prepare('SELECT id FROM projects WHERE name = ?').get(name) as { id: number }).id),
        phase: (key) =>
          live((now) => {
            const p = now.$client
              .prepare('SELECT id, planned_start AS start, planned_end AS end FROM phases WHERE project_id = ? AND key = ?')
              .get(fabrikam, key) as {
              id: number;
              start: string;
              end: string;
            };
            return { ...p, id: String(p.id) };
          }),
        milestone: (name) =>
          live((now) => (now.$client.prepare('SELECT id FROM milestones WHERE project_id = ? AND name = ?').get(fabrikam, name) as { id: number }).id),
        shown: () =>
          live((now) => {
            const instance = recoveryInstanceOf(now, fabrikam)!;
            return planFingerprint(fabrikam, (instance.context as { plan: CorrectivePlan }).plan);
          }),
      },
      change: {
        id: (key) =>
          live((now) => (now.$client.prepare('SELECT id FROM change_requests WHERE project_id = ? AND key = ?').get(northwind, key) as { id: number }).id),
        shown: (key) =>
          live((now) => {
            const row = now.$client
              .prepare(
                'SELECT i.context AS context FROM change_requests c JOIN workflow_instances i ON i.id = c.instance_id WHERE c.project_id = ? AND c.key = ?',
              )
              .get(northwind, key) as { context: string };
            return impactFingerprint(key, JSON.parse(row.context));
          }),
      },
      raid: {
        item: (key) =>
          live(
            (now) =>
              now.$client.prepare('SELECT id, version FROM raid_items WHERE project_id = ? AND key = ?').get(northwind, key) as { id: number; version: number },
          ),
        firstLink: (key) =>
          live(
            (now) =>
              (
                now.$client
                  .prepare('SELECT min(l.id) AS id FROM raid_links l JOIN raid_items i ON i.id = l.item_id WHERE i.project_id = ? AND i.key = ?')
                  .get(northwind, key) as { id: number }
              ).id,
          ),
      },
      e3: {
        version: () => live((now) => String(latestCycle(now, contoso)!.instance.version)),
        baselineShown: () =>
          live((now) => {
            const c = latestCycle(now, contoso)!;
            const config = c.context.config!;
            const values = valuesOver(
              now,
              contoso,
              config.periods,
              config.kpis.map((k) => k.key),
            );
            return { expectedVersion: String(c.instance.version), fingerprint: baselineFingerprint(c.instance.version, config, values) };
          }),
        reviewShown: () =>
          live((now) => {
            const c = latestCycle(now, contoso)!;
            return { expectedVersion: String(c.instance.version), fingerprint: reviewFingerprint(c.instance.version, c.context) };
          }),
      },
      vendor: {
        acmeContract: (db.$client.prepare("SELECT id FROM contracts WHERE reference = 'ACME-SOW-01'").get() as { id: number }).id,
        acme: (db.$client.prepare("SELECT id FROM vendor_firms WHERE name = 'Acme ICM Partners'").get() as { id: number }).id,
        victor: userId('vendor@demo.test'),
        datedCommitment: (db.$client.prepare("SELECT id FROM commitments WHERE kind = 'dated' AND project_id = ?").get(northwind) as { id: number }).id,
        milestone: (name) => live((now) => (now.$client.prepare('SELECT id FROM payment_milestones WHERE name = ?').get(name) as { id: number }).id),
        deliverable: (key) =>
          live((now) => (now.$client.prepare('SELECT id FROM deliverables WHERE project_id = ? AND key = ?').get(northwind, key) as { id: number }).id),
        criteria: (key, kind) =>
          live((now) =>
            (
              now.$client
                .prepare(
                  'SELECT c.id FROM deliverable_criteria c JOIN deliverables d ON d.id = c.deliverable_id WHERE d.project_id = ? AND d.key = ? AND c.kind = ?',
                )
                .all(northwind, key, kind) as { id: number }[]
            ).map((r) => r.id),
          ),
        acceptShown: (key) =>
          live((now) => {
            const id = (now.$client.prepare('SELECT id FROM deliverables WHERE project_id = ? AND key = ?').get(northwind, key) as { id: number }).id;
            const shown = acceptanceBasis(now, id);
            return { fingerprint: shown.fingerprint, checked: shown.checked.map(String) };
          }),
      },
      plan: (key) =>
        live((now) => (now.$client.prepare('SELECT id FROM plans WHERE project_id = ? AND plan_key = ?').get(northwind, key) as { id: number }).id),
      model: {
        scenario: (name) =>
          live(
            (now) =>
              (now.$client.prepare('SELECT max(id) AS id FROM modeling_scenarios WHERE project_id = ? AND name = ?').get(northwind, name) as { id: number }).id,
          ),
        dataset: (name) =>
          live(
            (now) =>
              (now.$client.prepare('SELECT max(id) AS id FROM modeling_datasets WHERE project_id = ? AND name = ?').get(northwind, name) as { id: number }).id,
          ),
        version: (key, number) =>
          live(
            (now) =>
              (
                now.$client
                  .prepare('SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id WHERE p.project_id = ? AND p.plan_key = ? AND v.number = ?')
                  .get(northwind, key, number) as { id: number }
              ).id,
          ),
      },
      planShown: (key, number) =>
        live((now) => {
          const planId = (now.$client.prepare('SELECT id FROM plans WHERE project_id = ? AND plan_key = ?').get(northwind, key) as { id: number }).id;
          const shown = planSignatureBasis(now, planId, number);
          return { fingerprint: shown.fingerprint, round: String(shown.round) };
        }),
      fingerprint: (key) =>
        live(
          (now) =>
            (
              now.$client
                .prepare(
                  'SELECT v.fingerprint FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id WHERE r.project_id = ? AND r.key = ?',
                )
                .get(northwind, key) as { fingerprint: string }
            ).fingerprint,
        ),
      gateShown: (phaseId) =>
        live((now) => {
          const shown = gateSignatureBasis(now, phaseId);
          return { ...shown, expectedVersion: String(shown.expectedVersion) };
        }),
      requirementShown: (key) =>
        live((now) => {
          const shown = requirementSignatureBasis(now, reqIds.get(key)!);
          return { ...shown, expectedVersion: String(shown.expectedVersion) };
        }),
      member: (role) =>
        live(
          (now) =>
            now
              .select()
              .from(projectMembers)
              .where(and(eq(projectMembers.projectId, northwind), eq(projectMembers.userId, tester2), eq(projectMembers.role, role as 'viewer')))
              .get()?.id ?? 999_999,
        ),
    };
  });
}

const auditCount = (portal: Portal) => {
  const db = openDatabase(portal.dbPath);
  const n = db.select().from(auditLog).all().length;
  db.$client.close();
  return n;
};

/** Recovery (issue 17): Fabrikam's recovery, seeded assessing with five of its seven areas rated. */
const recoveryPath = (ids: Ids, page = '') => `/projects/${ids.fabrikam}/recovery${page}`;
const recoveryAs = (as: 'pm' | 'stakeholder', page: string, form: (ids: Ids) => Record<string, string>) => ({
  as,
  request: (ids: Ids): Post => ({ path: recoveryPath(ids, page), form: form(ids) }),
});
const rateForm = (area: string) => () => ({ intent: 'rate', area, rating: 'atRisk', findings: `Rated ${area} for the authorization test.` });
const presented = [
  recoveryAs('pm', '', rateForm('vendors')),
  recoveryAs('pm', '', rateForm('data')),
  recoveryAs('pm', '', () => ({ intent: 'summarise', accomplishments: 'Plans designed', causes: 'No test lead' })),
  recoveryAs('pm', '', () => ({ intent: 'present' })),
];
const saveForm = () => ({ intent: 'save', summary: 'Add a test lead; sign the scope.', roleChanges: 'Tomas Berg: test lead' });
const accepted = [
  ...presented,
  recoveryAs('pm', '/plan', saveForm),
  recoveryAs('stakeholder', '/plan', (ids) => ({
    intent: 'accept',
    password: demoPassword,
    meaning: 'approved as business owner',
    fingerprint: ids.recovery.shown(),
  })),
];
const recoveryCases: Case[] = [
  {
    // A second recovery project, made by the PM with Sam Okafor as its stakeholder, so the recovery can start there.
    name: 'start a recovery naming its sponsor (the PM)',
    allowed: ['pm'],
    prepare: [
      {
        as: 'pm',
        request: () => ({
          path: '/projects/new',
          form: { name: 'Second recovery', client: 'Tailspin Toys', methodologyKey: 'RECOVERY', startDate: '2026-11-30', targetDate: '2027-03-26' },
        }),
      },
      {
        as: 'pm',
        request: (ids) => ({
          path: `/projects/${ids.recovery.project('Second recovery')}/members`,
          form: { intent: 'add', userId: String(ids.stakeholder), role: 'stakeholder', function: 'business_owner' },
        }),
      },
    ],
    request: (ids) => ({
      path: `/projects/${ids.recovery.project('Second recovery')}/recovery`,
      form: { intent: 'start', sponsorId: String(ids.stakeholder) },
    }),
  },
  { name: 'rate an area of the recovery assessment (the PM)', allowed: ['pm'], request: (ids) => ({ path: recoveryPath(ids), form: rateForm('vendors')() }) },
  {
    name: 'record the accomplishments and causes (the PM)',
    allowed: ['pm'],
    request: (ids) => ({ path: recoveryPath(ids), form: { intent: 'summarise', accomplishments: 'Plans designed', causes: 'No test lead' } }),
  },
  {
    name: 'present the assessment to leadership (the PM)',
    allowed: ['pm'],
    prepare: presented.slice(0, 3),
    request: (ids) => ({ path: recoveryPath(ids), form: { intent: 'present' } }),
  },
  {
    name: 're-plan a phase on the corrective plan page (the PM)',
    allowed: ['pm'],
    request: (ids) => {
      const p = ids.recovery.phase('corrective');
      return {
        path: recoveryPath(ids, '/plan'),
        form: { intent: 'replan', phaseId: p.id, plannedStart: p.start, plannedEnd: p.start, shownStart: p.start, shownEnd: p.end, reason: '' },
      };
    },
  },
  {
    name: 'move a milestone on the corrective plan page (the PM)',
    allowed: ['pm'],
    request: (ids) => ({
      path: recoveryPath(ids, '/plan'),
      form: { intent: 'reschedule', milestoneId: String(ids.recovery.milestone('Plan accepted')), dueDate: '2026-12-18', reason: 'Assessment took longer.' },
    }),
  },
  {
    name: 'save the corrective plan as a schedule baseline (the PM)',
    allowed: ['pm'],
    prepare: presented,
    request: (ids) => ({ path: recoveryPath(ids, '/plan'), form: saveForm() }),
  },
  {
    name: 'accept the corrective plan with a signature (only the sponsor)',
    allowed: ['stakeholder'],
    prepare: [...presented, recoveryAs('pm', '/plan', saveForm)],
    request: (ids) => ({
      path: recoveryPath(ids, '/plan'),
      form: { intent: 'accept', password: demoPassword, meaning: 'approved as business owner', fingerprint: ids.recovery.shown() },
    }),
  },
  {
    name: 'log a week of the turnaround (the PM)',
    allowed: ['pm'],
    prepare: accepted,
    request: (ids) => ({ path: recoveryPath(ids, '/turnaround'), form: { intent: 'log', note: 'Test lead started this week.' } }),
  },
  {
    name: 'close the recovery with a final assessment (the PM)',
    allowed: ['pm'],
    prepare: [...accepted, recoveryAs('pm', '/turnaround', () => ({ intent: 'log', note: 'Test lead started this week.' }))],
    request: (ids) => ({
      path: recoveryPath(ids, '/turnaround'),
      form: {
        intent: 'close',
        summary: 'Back on the new baseline.',
        ...Object.fromEntries(
          ['scope', 'resources', 'roles', 'testing', 'control', 'vendors', 'data'].flatMap((a) => [
            [`final.${a}.rating`, 'onTrack'],
            [`final.${a}.findings`, `${a} is back on the plan.`],
          ]),
        ),
      },
    }),
  },
];

describe('authorization of every mutating route, for every role', () => {
  const table = [...cases, ...changeCases, ...selectionCases, ...recoveryCases, ...e3Cases].map(
    (c) => [`${c.name}: allowed for ${c.allowed.join(', ')}; refused for everyone else`, c] as const,
  );

  it.for(table)('%s', async ([, c]) => {
    const { portal, as, ids } = await portalForOneTest();
    for (const step of c.prepare ?? []) {
      const { path, form } = step.request(ids);
      const res = await as[step.as].post(path, form);
      expect([200, 302], `preparing ${c.name}: ${step.as} posts ${path}: HTTP ${res.status}`).toContain(res.status);
    }
    // Every role is tried and every outcome reported (soft): one wrong answer does not hide the others.
    for (const role of [...roles.filter((r) => !c.allowed.includes(r)), ...c.allowed]) {
      const { path, form } = c.request(ids, role);
      const before = auditCount(portal);
      const res = await as[role].post(path, form);
      const outcome = `${c.name} as ${role}: HTTP ${res.status}`;
      if (c.allowed.includes(role)) {
        expect.soft([200, 302], outcome).toContain(res.status);
        expect.soft(auditCount(portal), `${outcome} should be audited`).toBeGreaterThan(before);
      } else {
        // 403/404: the role may not; 422: the workflow refuses this person (e.g. not the author).
        expect.soft(role === 'signedOut' ? [401] : [403, 404, 422], outcome).toContain(res.status);
        expect.soft(auditCount(portal), `${outcome} must change nothing`).toBe(before);
      }
    }
  });
});

describe('authorization of every page, for every role', () => {
  let portal: Portal;
  const as = {} as Record<Role, ReturnType<typeof client>>;
  let ids: ReadIds;
  beforeAll(async () => {
    portal = await startPortal();
    ids = readIdsOf(portal.dbPath);
    as.signedOut = client(portal);
    for (const role of roles) if (role !== 'signedOut') as[role] = await signIn(portal, emails[role], demoPassword);
  });
  afterAll(async () => {
    await portal?.stop();
  });

  for (const r of reads) {
    const shown = shownIds;
    it(`${r.path(shown)}: readable by ${r.allowed.join(', ') || 'nobody'}`, async () => {
      for (const role of roles) {
        const res = await as[role].get(r.path(ids));
        const outcome = `GET ${r.path(ids)} as ${role}: HTTP ${res.status}`;
        if (r.allowed.includes(role)) expect(res.status, outcome).toBe(200);
        else if (role === 'signedOut') expect(res.headers.get('location') ?? '', outcome).toMatch(/^\/login\?next=/);
        else expect([403, 404], outcome).toContain(res.status);
      }
    });
  }

  it('the audit export is CSV with one line per audit row of the project', async () => {
    const res = await as.pm.get(`/projects/${ids.northwind}/audit.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,subject_type,subject_id,from_state,to_state,detail,before,after,hash');
    const db = openDatabase(portal.dbPath);
    expect(lines.length - 1).toBe(db.select().from(auditLog).where(eq(auditLog.projectId, ids.northwind)).all().length);
    db.$client.close();
    const filtered = await (await as.pm.get(`/projects/${ids.northwind}/audit.csv?action=gate.signed`)).text();
    expect(
      filtered
        .trim()
        .split('\r\n')
        .slice(1)
        .every((l) => l.includes('gate.signed')),
    ).toBe(true);
  });

  it('the admin audit page reports the chain intact when asked to check it', async () => {
    expect(await (await as.admin.get('/admin/audit?verify=1')).text()).toContain('The chain is intact');
  });
});
