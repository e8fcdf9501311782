import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, defects, plans, planVersions, signatures, testCases, testRuns, workflowEvents, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { relationshipManagerPlan } from '~/seeds/northwind-plans';
import { verifyAuditChain } from '~/workflows/audit';
import { addDays, today } from '~/workflows/clock';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { advanceDefect } from '~/workflows/commands/advance-defect';
import { applyPlanEffectiveDates } from '~/workflows/commands/apply-plan-effective-dates';
import { publishPlanVersion } from '~/workflows/commands/publish-plan-version';
import { rejectPlanVersion } from '~/workflows/commands/reject-plan-version';
import { setApprovalRoute } from '~/workflows/commands/set-approval-route';
import { signPlanVersion } from '~/workflows/commands/sign-plan-version';
import { submitPlanVersion } from '~/workflows/commands/submit-plan-version';
import { uploadPlanVersion } from '~/workflows/commands/upload-plan-version';
import { validatePlanVersion } from '~/workflows/commands/validate-plan-version';
import { withdrawPlanVersion } from '~/workflows/commands/withdraw-plan-version';
import { type PlanApprovalContext, planApproval } from '~/workflows/machines/plan-approval';
import { myWork } from '~/workflows/my-work';
import { versionInEffect } from '~/workflows/plans/effective';
import { planSignatureBasis } from '~/workflows/plans/load';
import { systemActor } from '~/workflows/policy/roles';
import { contextOf } from '~/workflows/runtime';
import { caseStandings, projectCoverage } from '~/workflows/testing/coverage';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';
import { refusal } from '../support/refusal';

/**
 * The seeded story: NW-RM-2026 v1 is published (in effect from 2026-10-01); v2 (the cap that fixes
 * DEF-001) passed validation and waits in approval: group 1 is Omar Reyes (sales operations) and Fiona
 * Lindqvist (finance), who has signed; group 2 is Sam Okafor (business owner).
 */
async function setup() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const as = (who: keyof typeof p, now?: Date) => ({ db, actor: p[who], now });
  const projectId = demo.projects.northwind.id;
  const plan = (key: string) => planByKey(db, projectId, key);
  const rm = plan('NW-RM-2026');
  const ref = (planId: number, number: number) => ({ projectId, planId, number });
  const version = (planId: number, number: number) => {
    const v = db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
      .get()!;
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, v.instanceId!)).get()!;
    return { ...v, state: String(instance.stateValue), context: contextOf(planApproval, instance) as PlanApprovalContext, instance };
  };
  const sign = (who: keyof typeof p, planId: number, number: number, meaning: string, now?: Date) =>
    signPlanVersion(as(who, now), { ...ref(planId, number), password: demoPassword, meaning, ...planSignatureBasis(db, planId, number) });
  return { db, demo, p, as, projectId, plan, rm, ref, version, sign };
}

describe('a plan version under approval (the seeded NW-RM-2026 v2)', () => {
  it('is seeded in approval with group 1 half signed, one earlier version published and in effect', async () => {
    const { db, rm, version, p } = await setup();
    const v1 = version(rm.id, 1);
    const v2 = version(rm.id, 2);
    expect([v1.state, v1.effectiveFrom, rm.currentVersionId]).toEqual(['published', '2026-10-01', v1.id]);
    expect(v2.state).toBe('inApproval');
    expect(v2.context.group).toBe(0);
    expect(v2.context.signatures.map((s) => s.userId)).toEqual([p.finance.id]);
    expect(v2.context.validation?.cases.map((c) => c.key)).toEqual(['TC-003', 'TC-004', 'TC-005']);
    expect(versionInEffect(db, rm.id, today())?.number).toBe(1);
    // Only group 1's remaining approver is waited on; the business owner's turn has not come.
    expect(myWork(db, p.salesops).plans.toSign.map((v) => [v.planKey, v.number, v.group, v.meaning])).toEqual([
      ['NW-RM-2026', 2, 1, 'approved as sales operations'],
    ]);
    expect(myWork(db, p.stakeholder).plans.toSign).toEqual([]);
    expect(myWork(db, p.finance).plans.toSign).toEqual([]);
  });

  it('two approvers of the same group signing at the same moment are both recorded and the group completes once', async () => {
    const { db, p, rm, version, sign, as, ref } = await setup();
    // Sent back and submitted again: a new round in which nobody of group 1 has signed yet.
    rejectPlanVersion(as('salesops'), { ...ref(rm.id, 2), reason: 'Show me the payout curve above 125% before I sign.' });
    expect(myWork(db, p.analyst).plans.rejected.map((v) => [v.number, v.reason])).toEqual([[2, 'Show me the payout curve above 125% before I sign.']]);
    validatePlanVersion(as('analyst'), ref(rm.id, 2));
    submitPlanVersion(as('analyst'), { ...ref(rm.id, 2), fingerprint: version(rm.id, 2).documentHash });
    expect(version(rm.id, 2).context).toMatchObject({ round: 2, group: 0, signatures: [] });

    await Promise.all([sign('salesops', rm.id, 2, 'approved as sales operations'), sign('finance', rm.id, 2, 'approved as finance')]);

    const v2 = version(rm.id, 2);
    expect(v2.state).toBe('inApproval');
    expect(v2.context.group).toBe(1);
    expect(
      v2.context.signatures
        .filter((s) => s.group === 0)
        .map((s) => s.userId)
        .sort(),
    ).toEqual([p.salesops.id, p.finance.id].sort());
    const recorded = db.select().from(signatures).where(eq(signatures.instanceId, v2.instanceId!)).all();
    // Fiona's first-round signature stays on record (append-only); this round adds both.
    expect(
      recorded
        .filter((s) => s.at > v2.context.validation!.at)
        .map((s) => s.meaning)
        .sort(),
    ).toEqual(['approved as finance', 'approved as sales operations']);
    const completions = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'plan.group_approved'), eq(auditLog.subjectId, 'NW-RM-2026 v2')))
      .all();
    expect(completions).toHaveLength(1);
    // Now, and only now, the business owner is asked.
    expect(myWork(db, p.stakeholder).plans.toSign.map((v) => [v.number, v.group])).toEqual([[2, 2]]);
  });

  it('a signature names the version and round its signer saw: another is refused and nothing is signed; a wrong password is audited', async () => {
    const { db, rm, version, as, ref } = await setup();
    const shown = planSignatureBasis(db, rm.id, 2);
    const before = db.select().from(signatures).all().length;
    const stale = await refusal(
      signPlanVersion(as('salesops'), { ...ref(rm.id, 2), password: demoPassword, meaning: 'approved as sales operations', ...shown, round: shown.round - 1 }),
    );
    expect(stale.status).toBe(409);
    const other = await refusal(
      signPlanVersion(as('salesops'), {
        ...ref(rm.id, 2),
        password: demoPassword,
        meaning: 'approved as sales operations',
        ...shown,
        fingerprint: 'f'.repeat(64),
      }),
    );
    expect(other.status).toBe(409);
    const wrong = await refusal(signPlanVersion(as('salesops'), { ...ref(rm.id, 2), password: 'not-it', meaning: 'approved as sales operations', ...shown }));
    expect(wrong.fieldErrors.password).toBe('Wrong password.');
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'plan.signature_refused')).all()).toHaveLength(1);
    // The route names the meaning: another one the signer's function allows is still refused.
    const meaning = await refusal(signPlanVersion(as('salesops'), { ...ref(rm.id, 2), password: demoPassword, meaning: 'reviewed, no objection', ...shown }));
    expect(meaning.message).toBe('The route asks you to sign "approved as sales operations".');
    expect(db.select().from(signatures).all()).toHaveLength(before);
    expect(version(rm.id, 2).context.signatures).toHaveLength(1);
  });

  it('publishing supersedes the previous published version from its effective date only', async () => {
    const { db, p, projectId, rm, version, sign, as, ref } = await setup();
    await sign('salesops', rm.id, 2, 'approved as sales operations');
    await sign('stakeholder', rm.id, 2, 'approved as business owner');
    expect(version(rm.id, 2).state).toBe('approved');
    const day = today();
    const from = addDays(day, 10);
    // Not before the version in effect, whose history stays as it was.
    const backdated = await refusal(() => publishPlanVersion(as('pm'), { ...ref(rm.id, 2), effectiveFrom: '2026-10-01' }));
    expect(backdated.fieldErrors.effectiveFrom).toBe('Version 1 applies from 2026-10-01: this one must apply from a later day.');
    const byAnalyst = await refusal(() => publishPlanVersion(as('analyst'), { ...ref(rm.id, 2), effectiveFrom: from }));
    expect(byAnalyst.status).toBe(403);

    const standingBefore = caseStandings(db, { projectId }).map((c) => [c.key, c.standing.result]);
    expect(publishPlanVersion(as('pm'), { ...ref(rm.id, 2), effectiveFrom: from }).inEffect).toBe(false);
    // Until that day, version 1 is in effect and stays published; nothing about the cases has moved.
    expect(version(rm.id, 2)).toMatchObject({ state: 'published', effectiveFrom: from });
    expect(version(rm.id, 1).state).toBe('published');
    expect(db.select().from(plans).where(eq(plans.id, rm.id)).get()!.currentVersionId).toBe(version(rm.id, 1).id);
    expect(versionInEffect(db, rm.id, addDays(from, -1))?.number).toBe(1);
    expect(versionInEffect(db, rm.id, from)?.number).toBe(2);
    expect(caseStandings(db, { projectId }).map((c) => [c.key, c.standing.result])).toEqual(standingBefore);
    expect(applyPlanEffectiveDates({ db, actor: systemActor, now: new Date(`${addDays(from, -1)}T23:00:00Z`) }, {})).toBe(0);
    expect(version(rm.id, 1).state).toBe('published');

    // On the day, the sweep brings version 2 into effect: version 1 is superseded, and history keeps it.
    expect(applyPlanEffectiveDates({ db, actor: systemActor, now: new Date(`${from}T00:30:00Z`) }, {})).toBe(1);
    expect(db.select().from(plans).where(eq(plans.id, rm.id)).get()!.currentVersionId).toBe(version(rm.id, 2).id);
    expect(version(rm.id, 1).state).toBe('superseded');
    expect(version(rm.id, 1).supersededAt?.slice(0, 10)).toBe(from);
    expect(versionInEffect(db, rm.id, '2026-11-15')?.number).toBe(1);
    // The capped case stands by its validation run on version 2, so DEF-001's fix can now be verified.
    const tc4 = caseStandings(db, { projectId }).find((c) => c.key === 'TC-004')!;
    expect(tc4.standing.result).toBe('passed');
    const def1 = db
      .select()
      .from(defects)
      .where(and(eq(defects.projectId, projectId), eq(defects.key, 'DEF-001')))
      .get()!;
    advanceDefect({ db, actor: p.tester }, { projectId, defectId: def1.id, action: 'VERIFY' });
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, def1.instanceId)).get()!.stateValue).toBe('verified');
  });

  it('the author withdraws a version in approval; a route naming someone who edited the version is refused at submission', async () => {
    const { db, p, rm, version, as, ref, projectId } = await setup();
    const notAuthor = await refusal(() => withdrawPlanVersion(as('pm'), ref(rm.id, 2)));
    expect(notAuthor.message).toBe('Only an author of this version can withdraw it.');
    withdrawPlanVersion(as('analyst'), ref(rm.id, 2));
    expect(version(rm.id, 2).state).toBe('draft');
    expect(myWork(db, p.salesops).plans.toSign).toEqual([]);
    // A stakeholder does not edit plans; the PM replaces the draft and becomes one of its editors.
    const stakeholderEdit = await refusal(() =>
      uploadPlanVersion(as('stakeholder'), { projectId, document: JSON.stringify({ ...relationshipManagerPlan(true), name: 'RM plan' }) }),
    );
    expect(stakeholderEdit.status).toBe(403);
    uploadPlanVersion(as('pm'), { projectId, document: JSON.stringify({ ...relationshipManagerPlan(true), name: 'Relationship manager plan 2026 (edited)' }) });
    expect(version(rm.id, 2).context.editors).toEqual([p.analyst.id, p.pm.id]);
    // The PM is made a stakeholder too and put on the route: the version they edited cannot go to them.
    addProjectMember(as('pm'), { projectId, userId: p.pm.id, role: 'stakeholder' });
    setApprovalRoute(as('pm'), { projectId, planId: rm.id, groups: [[{ userId: p.pm.id, meaning: 'reviewed, no objection' }]] });
    validatePlanVersion(as('analyst'), ref(rm.id, 2));
    const editorOnRoute = await refusal(() => submitPlanVersion(as('analyst'), { ...ref(rm.id, 2), fingerprint: version(rm.id, 2).documentHash }));
    expect(editorOnRoute.message).toBe('Someone on the approval route authored or edited this version: change the route so that others approve it.');
    expect(version(rm.id, 2).state).toBe('validating');
  });
});

describe('validation: computed from the payout cases on the plan', () => {
  it('a version whose linked payout cases have not all passed on it cannot be submitted, and the failing keys are named', async () => {
    const { db, plan, version, as, ref, projectId } = await setup();
    const cb = plan('NW-CB-2026');
    const doc = JSON.parse(db.select().from(planVersions).where(eq(planVersions.id, cb.currentVersionId!)).get()!.document);
    doc.components[0].tiers[2].rate = 0.03;
    uploadPlanVersion(as('analyst'), { projectId, document: JSON.stringify(doc), note: 'Top tier 3%' });
    const draft = version(cb.id, 2);
    const unvalidated = await refusal(() => submitPlanVersion(as('analyst'), { ...ref(cb.id, 2), fingerprint: draft.documentHash }));
    expect(unvalidated.message).toBe('You cannot submit it for approval while the version is "Draft".');
    validatePlanVersion(as('analyst'), ref(cb.id, 2));
    const refused = await refusal(() => submitPlanVersion(as('analyst'), { ...ref(cb.id, 2), fingerprint: draft.documentHash }));
    expect(refused.status).toBe(422);
    expect(refused.message).toContain('The version is not valid yet: Every payout case on the plan (3) passed on version 2: missing');
    // The cases that failed on the draft are named; the one that passed on it is not.
    for (const key of ['TC-001', 'TC-006']) expect(refused.message).toContain(`${key} `);
    expect(refused.message).not.toContain('TC-002');
    expect(version(cb.id, 2).state).toBe('validating');
  });

  it('a validation run on a draft does not change how any case stands against the version in effect, nor coverage', async () => {
    const { db, plan, as, ref, projectId } = await setup();
    const cb = plan('NW-CB-2026');
    const states = () =>
      db
        .select({ key: testCases.key, state: workflowInstances.stateValue })
        .from(testCases)
        .innerJoin(workflowInstances, eq(workflowInstances.id, testCases.instanceId))
        .where(eq(testCases.projectId, projectId))
        .orderBy(asc(testCases.key))
        .all();
    const before = { standings: caseStandings(db, { projectId }), coverage: projectCoverage(db, projectId), states: states() };
    const runsBefore = db.select().from(testRuns).all().length;
    const doc = JSON.parse(db.select().from(planVersions).where(eq(planVersions.id, cb.currentVersionId!)).get()!.document);
    doc.components[0].tiers[2].rate = 0.03;
    uploadPlanVersion(as('analyst'), { projectId, document: JSON.stringify(doc) });
    const { runs } = validatePlanVersion(as('analyst'), ref(cb.id, 2));
    expect(runs.map((r) => [r.key, r.result])).toEqual([
      ['TC-001', 'failed'],
      ['TC-002', 'passed'],
      ['TC-006', 'failed'],
    ]);
    expect(db.select().from(testRuns).all()).toHaveLength(runsBefore + 3);
    expect({ standings: caseStandings(db, { projectId }), coverage: projectCoverage(db, projectId), states: states() }).toEqual(before);
  });
});

describe('the approval route, set by the PM', () => {
  it('takes stakeholders only, never a vendor, each with a meaning their function allows; anyone else is refused by field', async () => {
    const { p, rm, as, projectId } = await setup();
    const bad = await refusal(() =>
      setApprovalRoute(as('pm'), {
        projectId,
        planId: rm.id,
        groups: [
          [
            { userId: p.vendor.id, meaning: 'reviewed, no objection' },
            { userId: p.tester.id, meaning: 'reviewed, no objection' },
          ],
          [{ userId: p.stakeholder.id, meaning: 'approved as finance' }],
        ],
      }),
    );
    expect(bad.fieldErrors).toEqual({
      [`group.${p.vendor.id}`]: 'A vendor representative never approves a plan.',
      [`group.${p.tester.id}`]: 'Only stakeholders of this project approve plans.',
      [`meaning.${p.stakeholder.id}`]: "Their function on this project (business owner) does not allow signing 'approved as finance'.",
    });
    const notPm = await refusal(() =>
      setApprovalRoute(as('analyst'), { projectId, planId: rm.id, groups: [[{ userId: p.stakeholder.id, meaning: 'approved as business owner' }]] }),
    );
    expect(notPm.status).toBe(403);
    // As a form posts it: a group and a meaning per stakeholder.
    const { route } = setApprovalRoute(as('pm'), {
      projectId,
      planId: String(rm.id),
      [`group.${p.stakeholder.id}`]: '2',
      [`meaning.${p.stakeholder.id}`]: 'approved as business owner',
      [`group.${p.finance.id}`]: '1',
      [`meaning.${p.finance.id}`]: 'approved as finance',
      [`group.${p.salesops.id}`]: '',
      [`meaning.${p.salesops.id}`]: 'approved as sales operations',
    });
    expect(route).toEqual([
      { approvers: [{ userId: p.finance.id, meaning: 'approved as finance' }] },
      { approvers: [{ userId: p.stakeholder.id, meaning: 'approved as business owner' }] },
    ]);
  });
});

describe('every state change of a plan version is audited, and the chain verifies', () => {
  it('one audit row per event of the version, and the keyed chain intact', async () => {
    const { db, rm, version, sign, as, ref } = await setup();
    await sign('salesops', rm.id, 2, 'approved as sales operations');
    rejectPlanVersion(as('stakeholder'), { ...ref(rm.id, 2), reason: 'Legal has not seen the clawback wording.' });
    validatePlanVersion(as('analyst'), ref(rm.id, 2));
    submitPlanVersion(as('analyst'), { ...ref(rm.id, 2), fingerprint: version(rm.id, 2).documentHash });
    const v2 = version(rm.id, 2);
    const events = db.select().from(workflowEvents).where(eq(workflowEvents.instanceId, v2.instanceId!)).all();
    const rows = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, 'NW-RM-2026 v2'))
      .all()
      .filter((r) => r.action !== 'plan.new_version' && r.action !== 'plan.signature_refused');
    expect(rows.map((r) => r.action)).toEqual([
      'plan.validated',
      'plan.submitted',
      'plan.signed',
      'plan.group_approved',
      'plan.rejected',
      'plan.validated',
      'plan.submitted',
    ]);
    expect(rows.map((r) => [r.fromState, r.toState])).toEqual(events.map((e) => [e.fromState, e.toState]));
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
