/**
 * Issue 11, editing a plan in the browser (the commands under the editor page): a draft's document is
 * saved with the fingerprint the editor was opened on; a stale one, a version that is not a draft and a
 * document the engine refuses are refused and nothing is written; "new version from this one" starts
 * the next draft as a copy, authored by whoever asked.
 */
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, planVersions, testRuns, workflowInstances } from '~/db/schema';
import { verifyAuditChain } from '~/workflows/audit';
import { editPlanVersion } from '~/workflows/commands/edit-plan-version';
import { startPlanVersion } from '~/workflows/commands/start-plan-version';
import { withdrawPlanVersion } from '~/workflows/commands/withdraw-plan-version';
import { type PlanApprovalContext, planApproval } from '~/workflows/machines/plan-approval';
import { applyFields, documentText, parsePath } from '~/workflows/plans/editor';
import { contextOf } from '~/workflows/runtime';
import { seededDb } from '../support/db';
import { planByKey } from '../support/plans';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const as = (who: keyof typeof p) => ({ db, actor: p[who] });
  const projectId = demo.projects.northwind.id;
  const plan = (key: string) => planByKey(db, projectId, key);
  const version = (planId: number, number: number) => {
    const v = db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)))
      .get()!;
    const instance = db.select().from(workflowInstances).where(eq(workflowInstances.id, v.instanceId!)).get()!;
    return { ...v, state: String(instance.stateValue), context: contextOf(planApproval, instance) as PlanApprovalContext };
  };
  const ref = (planId: number, number: number) => ({ projectId, planId, number });
  const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).all();
  return { db, p, as, projectId, plan, version, ref, audits };
}

/** The document with these fields applied, as the editor page's action makes it. */
const edited = (document: string, fields: Record<string, string>) => documentText(applyFields(JSON.parse(document), fields));

describe('saving a draft plan version from the editor', () => {
  it('saves the edited document: the editor joins the version, its validation runs go stale, the save is audited', async () => {
    const { db, p, as, plan, version, ref, audits } = await setup();
    const rm = plan('NW-RM-2026');
    // The seeded v2 is in approval; its author takes it back to draft to change it.
    withdrawPlanVersion(as('analyst'), ref(rm.id, 2));
    const before = version(rm.id, 2);
    const runsBefore = db.select().from(testRuns).where(eq(testRuns.planVersionId, before.id)).all();
    expect(runsBefore.length).toBeGreaterThan(0);
    expect(runsBefore.every((r) => r.staleSince === null)).toBe(true);

    const document = edited(before.document, { 'components[0].curve[2].payout': '1.45', 'components[1].amountPerReferral': '175.50' });
    const saved = editPlanVersion(as('pm'), { ...ref(rm.id, 2), document, baseFingerprint: before.documentHash });
    expect(saved.changed).toBe(true);

    const after = version(rm.id, 2);
    expect(after.state).toBe('draft');
    expect(after.document).toBe(document);
    const doc = JSON.parse(after.document);
    // Decimals stay the strings typed; untouched numbers stay numbers.
    expect(doc.components[0].curve[2]).toEqual({ attainment: 1.25, payout: '1.45' });
    expect(doc.components[1].amountPerReferral).toBe('175.50');
    expect(doc.components[0].curve[1]).toEqual({ attainment: 1, payout: 1 });
    expect(after.documentHash).not.toBe(before.documentHash);
    expect(after.context.fingerprint).toBe(after.documentHash);
    expect(after.context.editors).toContain(p.pm.id);
    const runsAfter = db.select().from(testRuns).where(eq(testRuns.planVersionId, before.id)).all();
    expect(runsAfter.every((r) => r.staleSince !== null && r.staleReason === 'NW-RM-2026 v2 changed after this run.')).toBe(true);
    const row = audits('plan.draft_edited')[0]!;
    expect(row).toMatchObject({ subjectId: 'NW-RM-2026 v2', detail: 'NW-RM-2026 v2 edited in the browser.' });
    expect(JSON.parse(row.after ?? '{}').documentHash).toBe(after.documentHash);
    expect(verifyAuditChain(db).ok).toBe(true);

    // A save that changes nothing writes nothing.
    const events = audits('plan.draft_edited').length;
    expect(editPlanVersion(as('pm'), { ...ref(rm.id, 2), document, baseFingerprint: after.documentHash }).changed).toBe(false);
    expect(audits('plan.draft_edited')).toHaveLength(events);
  });

  it('refuses a draft saved by someone else since the editor opened (409): the later save overwrites nothing', async () => {
    const { as, plan, version, ref } = await setup();
    const rm = plan('NW-RM-2026');
    withdrawPlanVersion(as('analyst'), ref(rm.id, 2));
    const opened = version(rm.id, 2);
    // Two people open the editor on the same draft; the PM saves first.
    const pmDoc = edited(opened.document, { 'components[0].threshold': '0.8' });
    editPlanVersion(as('pm'), { ...ref(rm.id, 2), document: pmDoc, baseFingerprint: opened.documentHash });
    const analystDoc = edited(opened.document, { 'components[0].targetShare': '1.1' });
    const stale = await refusal(() => editPlanVersion(as('analyst'), { ...ref(rm.id, 2), document: analystDoc, baseFingerprint: opened.documentHash }));
    expect(stale.status).toBe(409);
    expect(stale.message).toContain('saved by someone else since you opened the editor');
    expect(version(rm.id, 2).document).toBe(pmDoc);
    // Without the fingerprint it opened on, nothing is saved either.
    const missing = await refusal(() => editPlanVersion(as('analyst'), { ...ref(rm.id, 2), document: analystDoc }));
    expect(missing.fieldErrors.baseFingerprint).toBe('Reload the page and try again.');
  });

  it('refuses a version that is not a draft, with the reason, and a document the engine refuses, by path', async () => {
    const { as, plan, version, ref, audits } = await setup();
    const rm = plan('NW-RM-2026');
    const inApproval = version(rm.id, 2);
    const notDraft = await refusal(() =>
      editPlanVersion(as('analyst'), {
        ...ref(rm.id, 2),
        document: edited(inApproval.document, { 'components[0].threshold': '0.8' }),
        baseFingerprint: inApproval.documentHash,
      }),
    );
    expect(notDraft.status).toBe(422);
    expect(notDraft.message).toBe('NW-RM-2026 v2 is in approval: only a draft is edited. Start a new version from it, or withdraw it first.');
    const published = version(rm.id, 1);
    const onPublished = await refusal(() =>
      editPlanVersion(as('analyst'), { ...ref(rm.id, 1), document: edited(published.document, { name: 'Renamed' }), baseFingerprint: published.documentHash }),
    );
    expect(onPublished.message).toContain('NW-RM-2026 v1 is published: only a draft is edited.');
    // A stakeholder signs plans and does not edit them.
    withdrawPlanVersion(as('analyst'), ref(rm.id, 2));
    const draft = version(rm.id, 2);
    const byStakeholder = await refusal(() =>
      editPlanVersion(as('stakeholder'), { ...ref(rm.id, 2), document: edited(draft.document, { name: 'X' }), baseFingerprint: draft.documentHash }),
    );
    expect(byStakeholder.status).toBe(403);
    // A negative payout on the curve: refused at its path; the plan id may not change.
    const negative = await refusal(() =>
      editPlanVersion(as('analyst'), {
        ...ref(rm.id, 2),
        document: edited(draft.document, { 'components[0].curve[1].payout': '-1' }),
        baseFingerprint: draft.documentHash,
      }),
    );
    expect(negative.problems).toEqual([{ path: 'components[0].curve[1].payout', message: 'must not be negative' }]);
    const renamed = await refusal(() =>
      editPlanVersion(as('analyst'), {
        ...ref(rm.id, 2),
        document: JSON.stringify({ ...JSON.parse(draft.document), id: 'NW-OTHER' }),
        baseFingerprint: draft.documentHash,
      }),
    );
    expect(renamed.problems[0]).toMatchObject({ path: 'id' });
    expect(version(rm.id, 2).document).toBe(draft.document);
    expect(audits('plan.draft_edited')).toHaveLength(0);
    expect(parsePath('components[0].curve[1].payout')).toEqual(['components', 0, 'curve', 1, 'payout']);
  });
});

describe('new version from this one', () => {
  it('starts the next version as a draft copy authored by whoever asked, audited; refused while a version is under way', async () => {
    const { p, as, plan, version, ref, audits } = await setup();
    const cb = plan('NW-CB-2026');
    const v1 = version(cb.id, 1);
    expect(v1.state).toBe('published');
    const { version: v2row } = startPlanVersion(as('pm'), ref(cb.id, 1));
    expect(v2row.number).toBe(2);
    const v2 = version(cb.id, 2);
    expect(v2).toMatchObject({ state: 'draft', document: v1.document, documentHash: v1.documentHash, createdBy: p.pm.id, note: 'From version 1' });
    expect(v2.context.editors).toEqual([p.pm.id]);
    expect(audits('plan.version_started')[0]).toMatchObject({ subjectId: 'NW-CB-2026 v2', detail: 'NW-CB-2026 v2 started as a draft copy of v1.' });
    // One version under way at a time: the draft is edited, not copied again.
    const again = await refusal(() => startPlanVersion(as('analyst'), ref(cb.id, 1)));
    expect(again.message).toBe('NW-CB-2026 version 2 is a draft: a plan has one version under way at a time; continue or withdraw that one first.');
    const ofDraft = await refusal(() => startPlanVersion(as('analyst'), ref(cb.id, 2)));
    expect(ofDraft.message).toBe('NW-CB-2026 v2 is a draft: edit it instead.');
    // NW-RM-2026 v2 is in approval: not copyable, and v1 may not start another while it is under way.
    const rm = plan('NW-RM-2026');
    expect((await refusal(() => startPlanVersion(as('analyst'), ref(rm.id, 1)))).message).toContain('NW-RM-2026 version 2 is in approval');
    expect((await refusal(() => startPlanVersion(as('stakeholder'), ref(cb.id, 1)))).status).toBe(403);
  });
});
