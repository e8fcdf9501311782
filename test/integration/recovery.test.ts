/**
 * Issue 17 (recovery): the seeded Fabrikam assessment and its evidence; the whole recovery through the
 * commands (assessment, presentation, corrective plan saved as a baseline and compared with the
 * original, the sponsor's signature over the revision shown, weekly progress, close with a final
 * assessment), every step audited; the Recovery template's gate criteria computed from it.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, milestones, phases, signatures, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { acceptCorrectivePlan } from '~/workflows/commands/accept-corrective-plan';
import { closeRecovery } from '~/workflows/commands/close-recovery';
import { logRecoveryProgress } from '~/workflows/commands/log-recovery-progress';
import { presentRecovery } from '~/workflows/commands/present-recovery';
import { rateRecoveryArea } from '~/workflows/commands/rate-recovery-area';
import { rescheduleMilestone } from '~/workflows/commands/reschedule-milestone';
import { saveCorrectivePlan } from '~/workflows/commands/save-corrective-plan';
import { startRecovery } from '~/workflows/commands/start-recovery';
import { summariseRecovery } from '~/workflows/commands/summarise-recovery';
import { evaluateEvidence } from '~/workflows/gates/evidence';
import { phaseGate } from '~/workflows/machines/phase-gate';
import { recoveryAreas } from '~/workflows/machines/recovery';
import { myWork } from '~/workflows/my-work';
import { planFingerprint, recoveryInstanceOf } from '~/workflows/recovery/access';
import { recoveryPage } from '~/workflows/recovery/view';
import { contextOf } from '~/workflows/runtime';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';
const on = (day: string) => new Date(`${day}T12:00:00Z`);

async function fabrikam() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.fabrikam.id;
  const { pm, stakeholder, finance, tester, viewer } = demo.people;
  const as = (actor: typeof pm, day = today) => ({ db, actor, now: on(day) });
  const gate = (key: string) => {
    const phase = db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, projectId), eq(phases.key, key)))
      .get()!;
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
    return evaluateEvidence(db, projectId, phase, contextOf(phaseGate, instance).checklist);
  };
  return { db, demo, projectId, pm, stakeholder, finance, tester, viewer, as, gate };
}

describe('the recovery of Fabrikam (issue 17)', () => {
  it('the seed: an assessment in progress with the evidence pulled from Fabrikam’s data', async () => {
    const { db, projectId, viewer } = await fabrikam();
    const page = recoveryPage(db, viewer, projectId, today);
    if (!page.started) throw new Error('the seed starts the recovery');
    expect(page.state).toBe('assessing');
    expect(page.sponsor).toBe('Sam Okafor');
    const area = (key: string) => page.areas.find((a) => a.key === key)!;
    expect(page.areas.filter((a) => a.initial).map((a) => a.key)).toEqual(['scope', 'resources', 'roles', 'testing', 'control']);
    expect(area('vendors').initial).toBeNull();
    const facts = (key: string) => Object.fromEntries(area(key).evidence.map((f) => [f.label, f.items.map((i) => i.text)]));
    expect(facts('scope')['Requirements not signed off']).toHaveLength(4);
    expect(facts('testing')['Test cases failing, blocked or stale']).toEqual([expect.stringMatching(/Clawback of a lapsed policy’s commission \(failed/)]);
    expect(facts('testing')['Unresolved defects, oldest first']).toEqual([
      expect.stringMatching(/Lapsed policies are never clawed back \(severity 2, open, 33 days old\)/),
    ]);
    expect(facts('control')['Milestones overdue']).toEqual(['Assessment report (due 2026-11-23, 7 days late)']);
    expect(facts('control')['Milestones slipped against the schedule baseline']).toEqual(['Assessment report (2026-11-11 → 2026-11-23, 12 days)']);
    expect(facts('vendors')['Vendor deliverables overdue']).toEqual([]);
    expect(page.events).toEqual([]);
    // The page says why it cannot be presented yet, in the guard's own words.
    expect(page.notPresentable).toMatch(/still to rate: Vendor delivery, Data\./);
  });

  it('the Assess gate’s criteria are computed from the assessment; the corrective gate’s from the machine', async () => {
    const { gate, db, projectId, pm, as } = await fabrikam();
    expect(gate('assess').map((r) => [r.key, r.met])).toEqual([
      ['scope', true],
      ['resources', true],
      ['roles', true],
      ['testing', true],
      ['control', true],
      // Every template phase carries the vendor deliverables rule (seeds/methodologies.ts); Fabrikam has none.
      ['vendorDeliverables', true],
    ]);
    expect(gate('corrective').map((r) => [r.key, r.met, r.missing])).toEqual([
      ['plan', false, ['no corrective plan saved yet']],
      ['accepted', false, ['corrective plan not accepted (none saved)']],
      ['vendorDeliverables', true, []],
    ]);
    // An area counts as assessed only when rated with a finding: a refused rating leaves it as it was.
    const r = await refusal(() => rateRecoveryArea(as(pm), { projectId, area: 'scope', rating: 'onTrack', findings: 'ok' }));
    expect(r.fieldErrors.findings).toMatch(/at least 10/);
    expect(recoveryInstanceOf(db, projectId)!.version).toBeGreaterThan(0);
  });

  it('assessment to close: presented when complete, a plan saved as a baseline and compared, accepted by the sponsor only, tracked weekly, closed with a final assessment', async () => {
    const { db, projectId, pm, stakeholder, finance, tester, as, gate } = await fabrikam();
    const auditBefore = db.select().from(auditLog).all().length;

    // Not presentable yet: vendor delivery and data are not rated, nothing summarised.
    expect((await refusal(() => presentRecovery(as(pm), { projectId }))).message).toMatch(/still to rate: Vendor delivery, Data\./);
    expect((await refusal(() => rateRecoveryArea(as(tester), { projectId, area: 'data', rating: 'atRisk', findings: 'A tester’s view.' }))).code).toBe(
      'forbidden',
    );
    rateRecoveryArea(as(pm), { projectId, area: 'vendors', rating: 'atRisk', findings: 'The integrator left; no vendor is engaged now.' });
    rateRecoveryArea(as(pm), { projectId, area: 'data', rating: 'inJeopardy', findings: 'Policy admin extracts arrive late and incomplete.' });
    const noCauses = await refusal(() => summariseRecovery(as(pm), { projectId, accomplishments: 'Plans designed', causes: '  ' }));
    expect(noCauses.fieldErrors.causes).toMatch(/at least one cause/);
    summariseRecovery(as(pm), { projectId, accomplishments: 'Plans designed\nAgency hierarchy loaded', causes: 'No test lead\nScope never signed' });
    presentRecovery(as(pm), { projectId });

    // A plan is saved only after the presentation, as a new schedule baseline; the milestones moved first.
    const report = db
      .select()
      .from(milestones)
      .where(and(eq(milestones.projectId, projectId), eq(milestones.name, 'Plan accepted')))
      .get()!;
    rescheduleMilestone(as(pm), { projectId, milestoneId: report.id, dueDate: '2026-12-18', reason: 'The assessment took two more weeks.' });
    const badLines = await refusal(() => saveCorrectivePlan(as(pm), { projectId, summary: 'Add a test lead; sign the scope.', roleChanges: 'no colon here' }));
    expect(badLines.fieldErrors.roleChanges).toMatch(/Line 1/);
    saveCorrectivePlan(as(pm), {
      projectId,
      summary: 'Add a test lead; the business owner signs the scope by mid-December.',
      roleChanges: 'Tomas Berg: test lead for UAT\nSam Okafor: signs every requirement',
    });
    let page = recoveryPage(db, stakeholder, projectId, today);
    if (!page.started) throw new Error('started');
    expect(page.state).toBe('presented');
    expect(page.plan).toMatchObject({
      revision: 1,
      baselineNumber: 2,
      roleChanges: [{ who: 'Tomas Berg', responsibility: 'test lead for UAT' }, { who: 'Sam Okafor' }],
    });
    // Against the original baseline (taken when the engagement was signed, before the assessment report slipped).
    expect(page.compared?.rows.find((r) => r.name === 'Plan accepted')).toMatchObject({ kind: 'milestone', days: 14 });
    expect(page.compared?.rows.find((r) => r.name === 'Assessment report')?.days).toBe(12);
    expect(gate('corrective').find((r) => r.key === 'plan')?.met).toBe(true);
    expect(page.events).toEqual(['ACCEPT']);
    const shown = page.fingerprint!;

    // Another stakeholder, the PM, a wrong password or a plan saved again since: nothing signed.
    const sign = (who: typeof pm, fingerprint = shown, password = demoPassword, meaning = 'approved as business owner') =>
      acceptCorrectivePlan(as(who), { projectId, password, meaning, fingerprint });
    expect((await refusal(sign(finance, shown, demoPassword, 'approved as finance'))).message).toMatch(/Only the sponsor/);
    expect((await refusal(sign(pm))).code).toBe('forbidden');
    expect((await refusal(sign(stakeholder, shown, 'wrong'))).fieldErrors.password).toBe('Wrong password.');
    saveCorrectivePlan(as(pm), { projectId, summary: 'Add a test lead and a data steward.', roleChanges: 'Tomas Berg: test lead' });
    expect((await refusal(sign(stakeholder))).code).toBe('conflict');
    expect(
      db
        .select()
        .from(signatures)
        .all()
        .filter((s) => s.fingerprint === shown),
    ).toHaveLength(0);

    page = recoveryPage(db, stakeholder, projectId, today);
    if (!page.started) throw new Error('started');
    expect(page.plan?.revision).toBe(2);
    // It waits on the sponsor in My work (and on no one else), until signed.
    expect(myWork(db, stakeholder).recovery.toAccept).toMatchObject([{ projectId, revision: 2 }]);
    expect([finance, pm, tester].flatMap((who) => myWork(db, who).recovery.toAccept)).toEqual([]);
    await sign(stakeholder, page.fingerprint!);
    expect(myWork(db, stakeholder).recovery.toAccept).toEqual([]);
    const context = contextOf({ id: 'recovery', version: 1 } as never, recoveryInstanceOf(db, projectId)!) as { acceptance: { fingerprint: string } };
    expect(context.acceptance.fingerprint).toBe(page.fingerprint);
    expect(planFingerprint(projectId, page.plan && { ...page.plan, by: pm.id })).toBe(page.fingerprint);
    expect(gate('corrective').every((r) => r.met)).toBe(true);

    // Turnaround: weekly entries read from the schedule against the plan's baseline; one per week.
    const logged = logRecoveryProgress(as(pm, '2026-12-09'), { projectId, note: 'Test lead started; scope workshop held.' });
    expect(logged.toState).toBe('turnaround');
    expect((await refusal(() => logRecoveryProgress(as(pm, '2026-12-10'), { projectId, note: 'A second entry the same week.' }))).message).toMatch(
      /already logged/,
    );
    page = recoveryPage(db, pm, projectId, '2026-12-09');
    if (!page.started) throw new Error('started');
    expect(page.progress).toEqual([expect.objectContaining({ week: '2026-12-07', note: 'Test lead started; scope workshop held.' })]);
    expect(page.turnaround?.rows.find((r) => r.name === 'Assessment report')).toMatchObject({ standing: 'slipped' });

    // Closed only with every area rated again.
    const final = { final: Object.fromEntries(recoveryAreas.map((a) => [a, { rating: 'onTrack', findings: `${a} back on the plan.` }])) };
    const partial = { final: { ...final.final, data: { rating: 'onTrack', findings: '' } } };
    expect(
      (await refusal(() => closeRecovery(as(pm, '2026-12-16'), { projectId, summary: 'Back on the new baseline.', ...partial }))).fieldErrors,
    ).toHaveProperty('final.data.findings');
    closeRecovery(as(pm, '2026-12-16'), { projectId, summary: 'Back on the new baseline.', ...final });
    page = recoveryPage(db, pm, projectId, '2026-12-16');
    if (!page.started) throw new Error('started');
    expect(page.state).toBe('closed');
    expect(page.areas.every((a) => a.final?.rating === 'onTrack')).toBe(true);

    // Every state change audited, with a catalogue label (test/support/audit-catalogue.ts checks the labels).
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .slice(auditBefore)
      .map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('recovery.'))).toEqual([
      'recovery.area_rated',
      'recovery.area_rated',
      'recovery.summarised',
      'recovery.presented',
      'recovery.plan_saved',
      'recovery.signature_refused',
      'recovery.plan_saved',
      'recovery.plan_accepted',
      'recovery.progress_logged',
      'recovery.closed',
    ]);
    expect(actions.filter((a) => a === 'schedule.baseline_taken')).toHaveLength(2);
  });

  it('a recovery starts once, on a recovery project, with a stakeholder other than the PM as sponsor', async () => {
    const { db, demo, projectId, pm, stakeholder, as } = await fabrikam();
    expect((await refusal(() => startRecovery(as(pm), { projectId, sponsorId: stakeholder.id }))).code).toBe('conflict');
    expect((await refusal(() => startRecovery(as(pm), { projectId: demo.projects.northwind.id, sponsorId: stakeholder.id }))).code).toBe('not_found');
    db.delete(workflowInstances).where(eq(workflowInstances.id, -1)).run();
    expect((await refusal(() => startRecovery(as(stakeholder), { projectId, sponsorId: stakeholder.id }))).code).toBe('forbidden');
  });
});
