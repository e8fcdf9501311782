/**
 * Issue 18: the platform selection commands against the demo — the seeded Northwind decision and the
 * Scope gate criterion it meets, Contoso in scoring and its blind sheets, the lock refused unless the
 * weights sum to 100, nothing moving after the lock, who may do what, every act audited.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, phases, selections, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { addSelectionCandidate } from '~/workflows/commands/add-selection-candidate';
import { addSelectionCriterion } from '~/workflows/commands/add-selection-criterion';
import { closeSelectionScoring } from '~/workflows/commands/close-selection-scoring';
import { createSelection } from '~/workflows/commands/create-selection';
import { lockSelectionCriteria } from '~/workflows/commands/lock-selection-criteria';
import { reopenSelection } from '~/workflows/commands/reopen-selection';
import { saveScoreSheet } from '~/workflows/commands/save-score-sheet';
import { setSelectionWeights } from '~/workflows/commands/set-selection-weights';
import { evaluateEvidence } from '~/workflows/gates/evidence';
import { phaseGate } from '~/workflows/machines/phase-gate';
import { myWork } from '~/workflows/my-work';
import { contextOf } from '~/workflows/runtime';
import { selectionLockBasis } from '~/workflows/selection/access';
import { resultsPage, scoreSheetPage, selectionPage, selectionsPage } from '~/workflows/selection/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function seeded() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  const selectionOf = (projectId: number) => db.select().from(selections).where(eq(selections.projectId, projectId)).get()!;
  const northwind = demo.projects.northwind.id;
  const contoso = demo.projects.contoso.id;
  return { db, demo, as, northwind, contoso, nw: selectionOf(northwind), co: selectionOf(contoso) };
}

describe('platform selection (issue 18)', () => {
  it('Northwind: three ICM platforms scored by four evaluators, Meridian decided by the sponsor, the Scope gate criterion met', async () => {
    const { db, demo, northwind, nw } = await seeded();
    const page = selectionPage(db, demo.people.pm, { projectId: northwind, selectionId: nw.id });
    expect(page.selection.state).toBe('decided');
    expect(page.candidates.map((c) => c.category)).toEqual(['ICM', 'ICM', 'ICM']);
    expect(page.evaluators.filter((e) => e.submittedAt)).toHaveLength(4);
    expect(page.weightsTotal).toBe('100');
    expect(page.decision?.candidate).toBe('Meridian Incentives (Meridian Software)');
    const results = resultsPage(db, demo.people.viewer, { projectId: northwind, selectionId: nw.id });
    expect(results.ranking[0]?.name).toBe('Meridian Incentives (Meridian Software)');
    expect(results.robustness?.swaps.some((s) => s.smallest)).toBe(true);
    expect(results.spreads.some((s) => s.flagged)).toBe(true);
    expect(results.tco).toHaveLength(3);
    // The decision was signed before the Scope gate was requested (10 July) and approved (14 July).
    expect(page.decision!.at < '2026-07-10').toBe(true);
    const scope = db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, northwind), eq(phases.key, 'scope')))
      .get()!;
    const checklist = contextOf(phaseGate, db.select().from(workflowInstances).where(eq(workflowInstances.id, scope.instanceId)).get()!).checklist;
    const [platform] = evaluateEvidence(db, northwind, scope, checklist).filter((r) => r.key === 'platform');
    expect(platform).toMatchObject({ met: true, missing: [], label: 'Platform selected: a selection decided and signed by the sponsor' });
  });

  it('Contoso, in scoring: blind — the sponsor who has not submitted finds no results (404), the analyst who has sees them', async () => {
    const { db, demo, contoso, co } = await seeded();
    const ref = { projectId: contoso, selectionId: co.id };
    expect(selectionPage(db, demo.people.pm, ref).selection.state).toBe('scoring');
    expect((await refusal(() => resultsPage(db, demo.people.stakeholder, ref))).status).toBe(404);
    // Nor the PM, before scoring is over.
    expect((await refusal(() => resultsPage(db, demo.people.pm, ref))).status).toBe(404);
    expect(resultsPage(db, demo.people.analyst, ref).counted).toEqual(['Ana Moreno']);
    // The sponsor's own sheet: his draft, not the analyst's scores.
    const sheet = scoreSheetPage(db, demo.people.stakeholder, ref);
    expect(sheet.cells).toHaveLength(3);
    expect(sheet.mayEdit).toBe(true);
    // A vendor representative of the project finds no selection at all.
    expect((await refusal(() => selectionsPage(db, demo.people.vendor2, contoso))).status).toBe(404);

    // My work: the sponsor owes his sheet; the analyst, who submitted, owes nothing; once the PM closes
    // the scoring, the decision waits on the sponsor alone.
    const owed = (who: keyof typeof demo.people) => myWork(db, demo.people[who]).selections;
    expect(owed('stakeholder').toScore.map((x) => [x.projectId, x.key])).toEqual([[contoso, co.key]]);
    expect(owed('analyst').toScore).toEqual([]);
    expect(owed('pm').toScore).toEqual([]);
    closeSelectionScoring({ db, actor: demo.people.pm }, ref);
    expect(owed('stakeholder')).toMatchObject({ toScore: [], toDecide: [{ projectId: contoso, key: co.key }] });
    expect([...owed('pm').toDecide, ...owed('analyst').toDecide]).toEqual([]);
  });

  it('the lock is refused unless the weights sum to exactly 100; after it nothing of the set-up moves', async () => {
    const { db, demo, as, northwind } = await seeded();
    const created = createSelection(as('pm'), {
      projectId: northwind,
      title: 'Territory tool',
      sponsorId: demo.people.stakeholder.id,
      evaluatorIds: [demo.people.analyst.id],
    });
    const ref = { projectId: northwind, selectionId: created.id };
    addSelectionCandidate(as('pm'), { ...ref, vendorName: 'Atlas Planning', product: 'Atlas', category: 'TQM' });
    addSelectionCandidate(as('pm'), { ...ref, vendorName: 'Quotient Systems', product: 'Quota', category: 'TQM' });
    const a = addSelectionCriterion(as('pm'), { ...ref, group: 'functional', name: 'Fit', weight: '33.33' });
    const b = addSelectionCriterion(as('pm'), { ...ref, group: 'tco', name: 'Cost', weight: '66.66' });
    const sign = () =>
      lockSelectionCriteria(
        { db, actor: demo.people.stakeholder },
        { ...ref, password: demoPassword, meaning: 'approved as business owner', ...selectionLockBasis(db, created.id) },
      );
    const refused = await refusal(sign);
    expect([refused.status, refused.message]).toEqual([422, 'The weights must sum to exactly 100; they sum to 99.99.']);
    // The PM who set it up never signs the lock.
    const byPm = await refusal(
      lockSelectionCriteria(
        { db, actor: demo.people.pm },
        { ...ref, password: demoPassword, meaning: 'approved as business owner', ...selectionLockBasis(db, created.id) },
      ),
    );
    expect(byPm.message).toBe('Whoever set the selection up never signs it: the sponsor does.');
    expect(
      setSelectionWeights(as('pm'), {
        ...ref,
        weights: [
          { criterionId: a.id, weight: '33.34' },
          { criterionId: b.id, weight: '66.66' },
        ],
      }),
    ).toBe('100');
    await sign();
    expect(selectionPage(db, demo.people.pm, ref).selection.state).toBe('criteriaLocked');
    const moved = await refusal(() => setSelectionWeights(as('pm'), { ...ref, weights: [{ criterionId: a.id, weight: '50' }] }));
    expect([moved.status, moved.message]).toEqual([422, 'The criteria are locked: needs, candidates, criteria and weights no longer change.']);
    // Scoring is not open yet.
    const early = await refusal(() => saveScoreSheet(as('analyst'), { ...ref, cells: [] }));
    expect(early.status).toBe(422);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subjectId, created.key))
      .all()
      .map((r) => r.action)
      .filter((x) => x.startsWith('selection.'));
    expect(actions).toEqual([
      'selection.created',
      'selection.candidate_added',
      'selection.candidate_added',
      'selection.criterion_added',
      'selection.criterion_added',
      'selection.weights_set',
      'selection.criteria_locked',
    ]);
  });

  it('a reopening of Northwind’s decision without a reason is refused; with one it voids the decision and the gate criterion is unmet again', async () => {
    const { db, demo, as, northwind, nw } = await seeded();
    const ref = { projectId: northwind, selectionId: nw.id };
    expect((await refusal(() => reopenSelection(as('stakeholder'), { ...ref, reason: '' }))).message).toBe(
      'Say why the selection is reopened (at least 5 characters).',
    );
    expect((await refusal(() => reopenSelection(as('pm'), { ...ref, reason: 'The PM wants another go.' }))).status).toBe(422);
    reopenSelection(as('stakeholder'), { ...ref, reason: 'Meridian changed its price list.' });
    const page = selectionPage(db, demo.people.pm, ref);
    expect(page.selection.state).toBe('scoring');
    expect(page.decision).toBeNull();
    expect(page.voided).toMatchObject([{ reason: 'Meridian changed its price list.', hadDecision: true }]);
    const scope = db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, northwind), eq(phases.key, 'scope')))
      .get()!;
    const [platform] = evaluateEvidence(db, northwind, scope, [
      { key: 'platform', label: 'Platform selected', checked: false, note: '', evidence: 'selection.decided' },
    ]);
    expect(platform?.met).toBe(false);
    expect(platform?.missing).toEqual(['SEL-001 ICM platform for the commercial bank (scoring)']);
  });
});
