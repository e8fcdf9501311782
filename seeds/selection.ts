import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '~/db/client';
import { type CostKind, type FitLevel, requirements, requirementVersions } from '~/db/schema';
import { addSelectionCandidate } from '~/workflows/commands/add-selection-candidate';
import { addSelectionCriterion } from '~/workflows/commands/add-selection-criterion';
import { createSelection } from '~/workflows/commands/create-selection';
import { decideSelection } from '~/workflows/commands/decide-selection';
import { lockSelectionCriteria } from '~/workflows/commands/lock-selection-criteria';
import { openSelectionScoring } from '~/workflows/commands/open-selection-scoring';
import { recordSelectionCosts } from '~/workflows/commands/record-selection-costs';
import { recordSelectionFit } from '~/workflows/commands/record-selection-fit';
import { saveScoreSheet } from '~/workflows/commands/save-score-sheet';
import { setSelectionNeeds } from '~/workflows/commands/set-selection-needs';
import { submitScoreSheet } from '~/workflows/commands/submit-score-sheet';
import { functionOf } from '~/workflows/members/functions';
import { meaningsFor } from '~/workflows/policy/functions';
import type { Actor } from '~/workflows/policy/roles';
import { selectionDecisionBasis, selectionLockBasis } from '~/workflows/selection/access';

const at = (day: string) => new Date(`${day}T14:00:00Z`);
const words = ['', 'poor', 'weak', 'adequate', 'strong', 'excellent'];

type Criterion = { group: 'functional' | 'integration' | 'tco' | 'viability' | 'usability' | 'references'; name: string; weight: string; derived?: boolean };
type Candidate = { vendorName: string; product: string; category: 'ICM' | 'TQM' | 'CRM' };
type Costs = Partial<Record<CostKind, (string | null)[]>>;

/** Cost lines of five years from per-kind rows (null: nothing that year). */
const linesOf = (costs: Costs) =>
  Object.entries(costs).flatMap(([kind, years]) => (years ?? []).flatMap((amount, i) => (amount ? [{ kind: kind as CostKind, year: i + 1, amount }] : [])));

/** Runs the set-up of a selection (created, needs, candidates, criteria, fits, costs) through the commands, as the PM. */
function setUp(
  db: DB,
  opts: {
    projectId: number;
    pm: Actor;
    day: string;
    title: string;
    sponsor: Actor;
    evaluators: Actor[];
    needs: number[];
    candidates: Candidate[];
    criteria: Criterion[];
    fits?: FitLevel[][];
    costs?: Costs[];
  },
) {
  const as = { db, actor: opts.pm, now: at(opts.day) };
  const selection = createSelection(as, {
    projectId: opts.projectId,
    title: opts.title,
    sponsorId: opts.sponsor.id,
    evaluatorIds: opts.evaluators.map((e) => e.id),
  });
  const ref = { projectId: opts.projectId, selectionId: selection.id };
  if (opts.needs.length) setSelectionNeeds(as, { ...ref, requirementIds: opts.needs });
  const candidates = opts.candidates.map((c) => addSelectionCandidate(as, { ...ref, ...c }));
  const criteria = opts.criteria.map((c) => addSelectionCriterion(as, { ...ref, ...c, derived: c.derived ?? false }));
  candidates.forEach((c, i) => {
    const fits = opts.fits?.[i];
    if (fits) recordSelectionFit(as, { ...ref, candidateId: c.id, fits: opts.needs.map((requirementId, j) => ({ requirementId, fit: fits[j]! })) });
    const costs = opts.costs?.[i];
    if (costs) recordSelectionCosts(as, { ...ref, candidateId: c.id, lines: linesOf(costs) });
  });
  return { selection, ref, candidates, criteria };
}

/** A sheet: every candidate on every scored criterion, the score from `score(candidate, criterion)`, with a comment. */
function sheetOf(
  candidates: { id: number; product: string }[],
  criteria: { id: number; name: string; derived: boolean }[],
  score: (c: number, k: number) => number,
  /** Words the evaluator adds to each comment, so each sheet reads as its own. */
  note = '',
) {
  return candidates.flatMap((c, i) =>
    criteria
      .map((k, j) => ({ k, j }))
      .filter(({ k }) => !k.derived)
      .map(({ k, j }) => {
        const s = Math.max(1, Math.min(5, score(i, j)));
        return {
          candidateId: c.id,
          criterionId: k.id,
          score: s,
          comment: `${words[s]![0]!.toUpperCase()}${words[s]!.slice(1)}: ${k.name.toLowerCase()} of ${c.product}${note}.`,
        };
      }),
  );
}

/**
 * Northwind's platform selection (issue 18), before its Scope gate: three ICM platforms against four
 * must-have needs, seven criteria, scored by four evaluators (finance, sales operations, the analyst and
 * the sponsor himself); Meridian wins and Sam Okafor signs the decision on 29 June.
 */
export async function northwindSelection(
  db: DB,
  projectId: number,
  people: { pm: Actor; stakeholder: Actor; finance: Actor; salesops: Actor; analyst: Actor },
  password: string,
) {
  const musts = db
    .select({ id: requirements.id })
    .from(requirements)
    .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
    .where(and(eq(requirements.projectId, projectId), eq(requirementVersions.priority, 'must')))
    .orderBy(asc(requirements.key))
    .limit(4)
    .all()
    .map((r) => r.id);
  const evaluators = [people.finance, people.salesops, people.analyst, people.stakeholder];
  const { ref, candidates, criteria } = setUp(db, {
    projectId,
    pm: people.pm,
    day: '2026-06-22',
    title: 'ICM platform for the commercial bank',
    sponsor: people.stakeholder,
    evaluators,
    needs: musts,
    candidates: [
      { vendorName: 'Meridian Software', product: 'Meridian Incentives', category: 'ICM' },
      { vendorName: 'Quotient Systems', product: 'Quotient ICM', category: 'ICM' },
      { vendorName: 'Tallyworks', product: 'Tallyworks Comp Cloud', category: 'ICM' },
    ],
    criteria: [
      { group: 'functional', name: 'Plan mechanics: tiers, accelerators, SPIFs', weight: '20' },
      { group: 'functional', name: 'Must-have needs met', weight: '15', derived: true },
      { group: 'integration', name: 'Core banking and CRM integration', weight: '15' },
      { group: 'tco', name: 'Five-year total cost of ownership', weight: '15' },
      { group: 'viability', name: 'Vendor financial strength and roadmap', weight: '10' },
      { group: 'usability', name: 'Demonstration: statements and disputes', weight: '15' },
      { group: 'references', name: 'Bank references', weight: '10' },
    ],
    fits: [
      ['outOfBox', 'outOfBox', 'configured', 'configured'],
      ['configured', 'outOfBox', 'custom', 'configured'],
      ['configured', 'custom', 'custom', 'notMet'],
    ],
    costs: [
      {
        licences: ['180000', '180000', '185400', '185400', '190962'],
        implementation: ['420000', '60000'],
        internalStaff: ['90000', '90000', '90000', '90000', '90000'],
        support: ['36000', '36000', '36000', '36000', '36000'],
      },
      {
        licences: ['150000', '150000', '150000', '157500', '157500'],
        implementation: ['380000'],
        internalStaff: ['110000', '110000', '110000', '110000', '110000'],
        support: ['30000', '30000', '30000', '30000', '30000'],
      },
      {
        licences: ['95000.50', '95000.50', '95000.50', '95000.50', '95000.50'],
        implementation: ['250000', '40000'],
        internalStaff: ['140000', '140000', '140000', '140000', '140000'],
        support: ['25000', '25000', '25000', '25000', '25000'],
      },
    ],
  });
  await lockSelectionCriteria(
    { db, actor: people.stakeholder, now: at('2026-06-24') },
    { ...ref, password, meaning: 'approved as business owner', ...selectionLockBasis(db, ref.selectionId) },
  );
  openSelectionScoring({ db, actor: people.pm, now: at('2026-06-24') }, ref);
  // Scores per candidate and criterion (in the criteria's order; the derived one is not scored by people),
  // and each evaluator's leaning: finance rates cost up and demonstrations down, sales operations the reverse.
  const base = [
    [5, 0, 4, 3, 4, 4, 4],
    [4, 0, 4, 4, 3, 4, 3],
    [3, 0, 3, 5, 3, 3, 3],
  ];
  const leaning = [
    [0, 0, 0, 1, 0, -1, 0],
    [0, 0, 0, -1, 0, 1, 0],
    [0, 0, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 0, 0],
  ];
  for (const [e, evaluator] of evaluators.entries())
    submitScoreSheet(
      { db, actor: evaluator, now: at(`2026-06-${25 + Math.floor(e / 2)}`) },
      { ...ref, cells: sheetOf(candidates, criteria, (c, k) => base[c]![k]! + leaning[e]![k]!) },
    );
  await decideSelection(
    { db, actor: people.stakeholder, now: at('2026-06-29') },
    { ...ref, candidateId: candidates[0]!.id, password, meaning: 'approved as business owner', ...selectionDecisionBasis(db, ref.selectionId) },
  );
  return ref;
}

/**
 * Contoso's selection of a territory-and-quota platform (issue 18), in scoring: the analyst submitted
 * her sheet, the sponsor has saved part of his.
 */
export async function contosoSelection(db: DB, projectId: number, people: { pm: Actor; stakeholder: Actor; analyst: Actor }, password: string) {
  const { ref, candidates, criteria } = setUp(db, {
    projectId,
    pm: people.pm,
    day: '2026-11-02',
    title: 'Territory and quota planning tool',
    sponsor: people.stakeholder,
    evaluators: [people.analyst, people.stakeholder],
    needs: [],
    candidates: [
      { vendorName: 'Atlas Planning', product: 'Atlas Territories', category: 'TQM' },
      { vendorName: 'Quotient Systems', product: 'Quotient Quota Planner', category: 'TQM' },
    ],
    criteria: [
      { group: 'functional', name: 'Territory carving and quota setting', weight: '40' },
      { group: 'integration', name: 'Fit with the ICM already in place', weight: '25' },
      { group: 'tco', name: 'Five-year total cost of ownership', weight: '20' },
      { group: 'references', name: 'Retail references', weight: '15' },
    ],
    costs: [
      { licences: ['60000', '60000', '60000', '60000', '60000'], implementation: ['90000'], support: ['12000', '12000', '12000', '12000', '12000'] },
      { licences: ['72000', '72000', '72000', '72000', '72000'], implementation: ['65000'], support: ['9000', '9000', '9000', '9000', '9000'] },
    ],
  });
  await lockSelectionCriteria(
    { db, actor: people.stakeholder, now: at('2026-11-05') },
    { ...ref, password, meaning: 'approved as business owner', ...selectionLockBasis(db, ref.selectionId) },
  );
  openSelectionScoring({ db, actor: people.pm, now: at('2026-11-06') }, ref);
  submitScoreSheet(
    { db, actor: people.analyst, now: at('2026-11-12') },
    { ...ref, cells: sheetOf(candidates, criteria, (c, k) => [4, 3, 4, 3][k]! - c + (k === 2 ? 2 * c : 0), ', as the vendor demonstrated it') },
  );
  saveScoreSheet(
    { db, actor: people.stakeholder, now: at('2026-11-13') },
    { ...ref, cells: sheetOf(candidates, criteria, (c, k) => 4 - c + k, ', first impression').slice(0, 3) },
  );
  return ref;
}

/**
 * The shortest decided selection (two candidates, one criterion, one evaluator), for a test that needs
 * a new SALE project's Scope gate to pass: the gate's "platform selected" criterion is computed.
 */
export async function quickDecidedSelection(db: DB, projectId: number, people: { pm: Actor; sponsor: Actor; evaluator: Actor }, password: string, now?: Date) {
  const day = (now ?? new Date()).toISOString().slice(0, 10);
  const { ref, candidates, criteria } = setUp(db, {
    projectId,
    pm: people.pm,
    day,
    title: 'Platform selection',
    sponsor: people.sponsor,
    evaluators: [people.evaluator],
    needs: [],
    candidates: [
      { vendorName: 'Meridian Software', product: 'Meridian Incentives', category: 'ICM' },
      { vendorName: 'Tallyworks', product: 'Tallyworks Comp Cloud', category: 'ICM' },
    ],
    criteria: [{ group: 'functional', name: 'Functional fit', weight: '100' }],
  });
  const as = (actor: Actor) => ({ db, actor, now: now ?? at(day) });
  const meaning = meaningsFor(functionOf(db, projectId, people.sponsor.id))[0]!;
  await lockSelectionCriteria(as(people.sponsor), { ...ref, password, meaning, ...selectionLockBasis(db, ref.selectionId) });
  openSelectionScoring(as(people.pm), ref);
  submitScoreSheet(as(people.evaluator), { ...ref, cells: sheetOf(candidates, criteria, (c) => 4 - c) });
  await decideSelection(as(people.sponsor), {
    ...ref,
    candidateId: candidates[0]!.id,
    password,
    meaning,
    ...selectionDecisionBasis(db, ref.selectionId),
  });
  return ref;
}
