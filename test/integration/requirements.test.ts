import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, requirementGrid } from '~/db/queries/requirements';
import { auditLog, phases, requirements, requirementVersions, signatures, workflowEvents, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { quickDecidedSelection } from '~/seeds/selection';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { approveGate } from '~/workflows/commands/approve-gate';
import { clearSuspect } from '~/workflows/commands/clear-suspect';
import { commentOnRequirement } from '~/workflows/commands/comment-on-requirement';
import { createProject } from '~/workflows/commands/create-project';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { editRequirement } from '~/workflows/commands/edit-requirement';
import { ImportRefused, importRequirements } from '~/workflows/commands/import-requirements';
import { linkRequirements } from '~/workflows/commands/link-requirements';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { signRequirement } from '~/workflows/commands/sign-requirement';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { takeBaseline } from '~/workflows/commands/take-baseline';
import { withdrawRequirement } from '~/workflows/commands/withdraw-requirement';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import { fingerprintOf } from '~/workflows/requirements/content';
import { requirementSignatureBasis } from '~/workflows/requirements/load';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const projectId = demo.projects.northwind.id;
  const as = (who: keyof typeof p) => ({ db, actor: p[who] });
  const content = (over: Record<string, unknown> = {}) => ({
    title: 'Relationship managers earn 2% on fee income above plan',
    description: 'Fee income above the quarterly plan pays **2%**.',
    category: 'plan design',
    priority: 'must',
    ownerId: p.stakeholder.id,
    phaseKey: 'launch',
    acceptanceCriteria: ['Fee income measured on invoiced fees'],
    examples: [
      {
        name: 'Fees 10,000 above plan',
        inputs: [{ label: 'fees above plan', value: '10000.00' }],
        expected: [{ component: 'fee commission', amount: '200.00' }],
      },
    ],
    ...over,
  });
  const current = (id: number) => {
    const r = db.select().from(requirements).where(eq(requirements.id, id)).get()!;
    const v = db.select().from(requirementVersions).where(eq(requirementVersions.id, r.currentVersionId!)).get()!;
    const i = db.select().from(workflowInstances).where(eq(workflowInstances.id, v.instanceId)).get()!;
    return { r, v, state: i.stateValue as string };
  };
  /** What the requirement page's sign form sends now: the content fingerprint and the sign-off instance's version. */
  const shown = (id: number) => requirementSignatureBasis(db, id);
  return { db, p, projectId, as, content, current, demo, shown };
}

describe('requirements', () => {
  it('two signers signing from the same page at the same moment: one is recorded, the other reloads and signs, and it is signed off once', async () => {
    const { db, p, projectId, as, content, current, shown } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const fp = current(requirement.id).v.fingerprint;
    submitRequirement(as('analyst'), { requirementId: requirement.id, signerIds: [p.stakeholder.id, p.finance.id], fingerprint: fp });
    const seen = shown(requirement.id);
    const meanings = { stakeholder: 'approved as business owner', finance: 'approved as finance' } as const;
    const outcomes = await Promise.allSettled(
      (['stakeholder', 'finance'] as const).map((who) =>
        signRequirement(as(who), { requirementId: requirement.id, password: demoPassword, meaning: meanings[who], ...seen }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = outcomes[0]!.status === 'rejected' ? 'stakeholder' : 'finance';
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason.status).toBe(409);
    await signRequirement(as(loser), { requirementId: requirement.id, password: demoPassword, meaning: meanings[loser], ...shown(requirement.id) });
    const { v, state } = current(requirement.id);
    expect(state).toBe('signedOff');
    expect(
      db
        .select()
        .from(signatures)
        .where(eq(signatures.instanceId, v.instanceId))
        .all()
        .map((s) => [s.userId, s.fingerprint]),
    ).toEqual(
      expect.arrayContaining([
        [p.stakeholder.id, fp],
        [p.finance.id, fp],
      ]),
    );
    const events = db.select().from(workflowEvents).where(eq(workflowEvents.instanceId, v.instanceId)).all();
    expect(events.filter((e) => e.toState === 'signedOff')).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['SUBMIT', 'SIGN', 'SIGN']);
  });

  it('editing a signed-off requirement makes version 2 in draft; version 1 and its signatures stay, superseded; links become suspect', async () => {
    const { db, p, projectId, as, content, current, shown } = await setup();
    const a = createRequirement(as('analyst'), { projectId, ...content() }).requirement;
    const b = createRequirement(as('analyst'), { projectId, ...content({ title: 'Fee income is measured on invoiced fees' }) }).requirement;
    linkRequirements(as('analyst'), { requirementId: b.id, otherKey: a.key });
    const fp1 = current(a.id).v.fingerprint;
    submitRequirement(as('analyst'), { requirementId: a.id, signerIds: [p.stakeholder.id], fingerprint: fp1 });
    await signRequirement(as('stakeholder'), { requirementId: a.id, password: demoPassword, meaning: 'approved as business owner', ...shown(a.id) });
    const v1 = current(a.id).v;

    const result = editRequirement(as('analyst'), {
      projectId,
      requirementId: a.id,
      baseFingerprint: fp1,
      ...content({ description: 'Fee income above plan pays **2.5%**.' }),
    });
    expect(result).toEqual({ versionNumber: 2, newVersion: true });
    const now = current(a.id);
    expect(now.v.number).toBe(2);
    expect(now.state).toBe('draft');
    expect(now.v.fingerprint).not.toBe(fp1);
    const old = db.select().from(requirementVersions).where(eq(requirementVersions.id, v1.id)).get()!;
    expect(old.description).toBe('Fee income above the quarterly plan pays **2%**.');
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, v1.instanceId)).get()!.stateValue).toBe('superseded');
    expect(db.select().from(signatures).where(eq(signatures.instanceId, v1.instanceId)).all()).toMatchObject([{ userId: p.stakeholder.id, fingerprint: fp1 }]);
    const linked = current(b.id).r;
    expect(linked.suspectSince).not.toBeNull();
    expect(linked.suspectReason).toContain(`${a.key} changed to version 2`);
    clearSuspect(as('analyst'), { requirementId: b.id });
    expect(current(b.id).r.suspectSince).toBeNull();
  });

  it('a wrong password at signing is refused and audited', async () => {
    const { db, p, projectId, as, content, current, shown } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const fp = current(requirement.id).v.fingerprint;
    submitRequirement(as('analyst'), { requirementId: requirement.id, signerIds: [p.stakeholder.id], fingerprint: fp });
    const e = await refusal(() =>
      signRequirement(as('stakeholder'), { requirementId: requirement.id, password: 'wrong', meaning: 'approved as business owner', ...shown(requirement.id) }),
    );
    expect(e.fieldErrors.password).toBe('Wrong password.');
    expect(current(requirement.id).state).toBe('inReview');
    expect(db.select().from(auditLog).orderBy(asc(auditLog.id)).all().at(-1)).toMatchObject({
      action: 'requirement.signature_refused',
      actorId: p.stakeholder.id,
    });
  });

  it('a vendor representative cannot see or sign requirements; a viewer cannot change anything', async () => {
    const { p, projectId, as, content, current, shown } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const fp = current(requirement.id).v.fingerprint;
    expect((await refusal(() => createRequirement(as('vendor'), { projectId, ...content() }))).status).toBe(403);
    expect((await refusal(() => createRequirement(as('viewer'), { projectId, ...content() }))).status).toBe(403);
    expect((await refusal(() => commentOnRequirement(as('viewer'), { requirementId: requirement.id, body: 'hello' }))).status).toBe(403);
    submitRequirement(as('analyst'), { requirementId: requirement.id, signerIds: [p.stakeholder.id], fingerprint: fp });
    const vendorSign = await refusal(() =>
      signRequirement(as('vendor'), { requirementId: requirement.id, password: demoPassword, meaning: 'reviewed, no objection', ...shown(requirement.id) }),
    );
    expect(vendorSign.status).toBe(403);
  });

  it('an import with 3 bad rows among 50 reports all 3 with line numbers and imports none', async () => {
    const { db, projectId, as } = await setup();
    const before = db.select().from(requirements).where(eq(requirements.projectId, projectId)).all().length;
    const header = 'title,description,category,priority,owner_email,phase,acceptance_criteria,links';
    const good = (i: number) =>
      `"Imported requirement number ${i}","Line one, with a comma\nand a second line",crediting,should,stakeholder@demo.test,architect,"First criterion | Second criterion",REQ-001`;
    const rows = Array.from({ length: 50 }, (_, i) => good(i + 1));
    rows[4] = '"Bad priority row",desc,crediting,urgent,stakeholder@demo.test,architect,criterion,'; // record 5
    rows[19] = '"Owner unknown",desc,crediting,must,nobody@demo.test,architect,criterion,'; // record 20
    rows[41] = '"Link to nothing",desc,payments,could,finance@demo.test,scope,criterion,REQ-999'; // record 42
    // Each good row spans two lines of the file (a quoted line break), so records start on odd lines.
    const e = (await refusal(() => importRequirements(as('analyst'), { projectId, csv: [header, ...rows].join('\n') }))) as ImportRefused;
    expect(e).toBeInstanceOf(ImportRefused);
    expect(e.problems.map((p) => p.line)).toEqual([10, 39, 82]);
    expect(e.problems[0]!.message).toContain('priority');
    expect(e.problems[1]!.message).toContain('nobody has the email nobody@demo.test');
    expect(e.problems[2]!.message).toContain('there is no REQ-999');
    expect(db.select().from(requirements).where(eq(requirements.projectId, projectId)).all()).toHaveLength(before);

    const imported = await importRequirements(as('analyst'), { projectId, csv: [header, ...Array.from({ length: 50 }, (_, i) => good(i + 1))].join('\n') });
    expect(imported).toHaveLength(50);
    expect(db.select().from(requirements).where(eq(requirements.projectId, projectId)).all()).toHaveLength(before + 50);
  });

  it('the grid filters, sorts and pages in SQL', async () => {
    const { db, projectId } = await setup();
    const page = requirementGrid(db, { projectId, priority: 'must', sort: 'title', pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    expect(page.rows.every((r) => r.priority === 'must')).toBe(true);
    const titles = page.rows.map((r) => r.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    expect(requirementGrid(db, { projectId, status: 'retired' }).rows.every((r) => r.status === 'retired')).toBe(true);
    expect(requirementGrid(db, { projectId, search: 'syndicated' }).rows.map((r) => r.key)).toEqual(['REQ-002']);
  });

  it('a baseline comparison shows what was added and changed since', async () => {
    const { db, projectId, as, content } = await setup();
    const baseline = takeBaseline(as('pm'), { projectId, name: 'Before UAT' });
    const added = createRequirement(as('analyst'), { projectId, ...content() }).requirement;
    const draft = requirementGrid(db, { projectId, status: 'draft', pageSize: 1 }).rows[0]!;
    const v = db
      .select()
      .from(requirementVersions)
      .where(eq(requirementVersions.requirementId, draft.id))
      .orderBy(asc(requirementVersions.number))
      .all()
      .at(-1)!;
    editRequirement(as('analyst'), {
      projectId,
      requirementId: draft.id,
      baseFingerprint: v.fingerprint,
      title: v.title,
      description: `${v.description} (clarified)`,
      category: v.category,
      priority: v.priority,
      ownerId: v.ownerId,
      phaseKey: v.phaseKey,
      acceptanceCriteria: v.acceptanceCriteria,
      examples: v.examples,
    });
    const diff = compareWithBaseline(db, baseline.id)!;
    expect(diff.added.map((a) => a.key)).toEqual([added.key]);
    expect(diff.changed.map((c) => c.key)).toEqual([draft.key]);
    expect(diff.removed).toEqual([]);
  });

  it('the fingerprint covers the worked examples', async () => {
    const { content } = await setup();
    const base = content() as Parameters<typeof fingerprintOf>[0];
    const changed = { ...base, examples: [{ ...base.examples[0]!, expected: [{ component: 'fee commission', amount: '200.01' }] }] };
    expect(fingerprintOf(changed)).not.toBe(fingerprintOf(base));
  });

  it('the Scope gate computes "every must-have signed off" and refuses review and approval while it is unmet', async () => {
    const { db, p, as, content, current, shown } = await setup();
    const project = createProject(as('admin'), {
      name: 'Woodgrove ICM',
      client: 'Woodgrove',
      methodologyKey: 'SALE',
      startDate: '2026-11-02',
      targetDate: '2027-06-30',
      pmUserId: p.pm.id,
    });
    addProjectMember(as('pm'), { projectId: project.id, userId: p.stakeholder.id, role: 'stakeholder', function: 'business_owner' });
    addProjectMember(as('pm'), { projectId: project.id, userId: p.analyst.id, role: 'analyst', function: 'compensation' });
    const scope = db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, project.id), eq(phases.key, 'scope')))
      .get()!;
    const checklist = ['charter', 'platform', 'contracted', 'requirements'].map((key) => ({ key, checked: true, note: '' }));
    // The "platform selected" criterion is computed too, and met here (issue 18): a decided selection.
    await quickDecidedSelection(db, project.id, { pm: p.pm, sponsor: p.stakeholder, evaluator: p.analyst }, demoPassword);
    const must = createRequirement(as('analyst'), { projectId: project.id, ...content({ phaseKey: 'scope' }) }).requirement;

    const refused = await refusal(() => requestGateReview(as('pm'), { phaseId: scope.id, checklist, approverIds: [p.stakeholder.id] }));
    expect(refused.message).toContain('A computed criterion is not met: Every must-have requirement signed off');
    expect(refused.message).toContain(`${must.key} Relationship managers earn 2% on fee income above plan (draft)`);

    const fp = current(must.id).v.fingerprint;
    submitRequirement(as('analyst'), { requirementId: must.id, signerIds: [p.stakeholder.id], fingerprint: fp });
    await signRequirement(as('stakeholder'), { requirementId: must.id, password: demoPassword, meaning: 'approved as business owner', ...shown(must.id) });
    requestGateReview(as('pm'), { phaseId: scope.id, checklist, approverIds: [p.stakeholder.id] });

    // A new must-have appears during the review: approval is blocked until it is signed off too.
    createRequirement(as('analyst'), { projectId: project.id, ...content({ title: 'A late must-have requirement', phaseKey: 'scope' }) });
    const blocked = await refusal(() =>
      approveGate(as('stakeholder'), {
        phaseId: scope.id,
        password: demoPassword,
        meaning: 'I approve the Scope gate for Woodgrove ICM',
        ...gateSignatureBasis(db, scope.id),
      }),
    );
    expect(blocked.message).toContain('cannot be approved while a computed criterion is not met');
  });
});

describe('a signature names the review the signer read (issue 9, finding 3)', () => {
  it('a sign form opened before the review was withdrawn and submitted again is refused with 409, and nothing is signed', async () => {
    const { db, p, projectId, as, content, current, shown } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const fp = current(requirement.id).v.fingerprint;
    submitRequirement(as('analyst'), { requirementId: requirement.id, signerIds: [p.stakeholder.id], fingerprint: fp });
    const opened = shown(requirement.id);
    // The author takes it back and sends it to two signers: same content, another review.
    withdrawRequirement(as('analyst'), { requirementId: requirement.id });
    submitRequirement(as('analyst'), { requirementId: requirement.id, signerIds: [p.stakeholder.id, p.finance.id], fingerprint: fp });
    expect(shown(requirement.id).fingerprint).toBe(opened.fingerprint);

    const auditBefore = db.select().from(auditLog).all().length;
    const sign = (form: Record<string, unknown>) =>
      refusal(() =>
        signRequirement(as('stakeholder'), { requirementId: requirement.id, password: demoPassword, meaning: 'approved as business owner', ...form }),
      );
    const stale = await sign(opened);
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/changed since you opened it.*Reload/);
    const withoutVersion = await sign({ fingerprint: fp });
    expect(withoutVersion.status).toBe(400);
    expect(withoutVersion.fieldErrors.expectedVersion).toBe('Reload the page and try again.');
    const otherContent = await sign({ ...shown(requirement.id), fingerprint: 'f'.repeat(64) });
    expect(otherContent.status).toBe(409);
    expect(
      db
        .select()
        .from(signatures)
        .where(eq(signatures.instanceId, current(requirement.id).v.instanceId))
        .all(),
    ).toEqual([]);
    expect(db.select().from(auditLog).all()).toHaveLength(auditBefore);

    await signRequirement(as('stakeholder'), {
      requirementId: requirement.id,
      password: demoPassword,
      meaning: 'approved as business owner',
      ...shown(requirement.id),
    });
    expect(
      db
        .select()
        .from(signatures)
        .where(eq(signatures.instanceId, current(requirement.id).v.instanceId))
        .all(),
    ).toHaveLength(1);
  });
});

describe('two people editing one requirement', () => {
  it('the second save, made from the old content, is refused with 409 and overwrites nothing', async () => {
    const { as, projectId, content, current } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const opened = current(requirement.id).v.fingerprint;
    editRequirement(as('analyst'), { projectId, requirementId: requirement.id, ...content({ description: 'First edit.' }), baseFingerprint: opened });
    const second = await refusal(() =>
      editRequirement(as('analyst'), { projectId, requirementId: requirement.id, ...content({ description: 'Second edit.' }), baseFingerprint: opened }),
    );
    expect(second.status).toBe(409);
    expect(current(requirement.id).v.description).toBe('First edit.');
  });

  it('an edit that does not say which content it started from is refused, and changes nothing (issue 9, finding 13)', async () => {
    const { db, as, projectId, content, current } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const auditBefore = db.select().from(auditLog).all().length;
    for (const baseFingerprint of [undefined, '']) {
      const e = await refusal(() =>
        editRequirement(as('analyst'), { projectId, requirementId: requirement.id, ...content({ description: 'Blind edit.' }), baseFingerprint }),
      );
      expect(e.status).toBe(400);
      expect(e.fieldErrors.baseFingerprint).toBe('Reload the page and try again.');
    }
    expect(current(requirement.id).v.description).toBe(content().description);
    expect(db.select().from(auditLog).all()).toHaveLength(auditBefore);
  });

  it('20 edits made at once from the same content: exactly one is saved, the 19 others are refused with 409 (issue 9, finding 13)', async () => {
    const { db, as, projectId, content, current } = await setup();
    const { requirement } = createRequirement(as('analyst'), { projectId, ...content() });
    const opened = current(requirement.id).v.fingerprint;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, i) =>
        editRequirement(as('analyst'), {
          projectId,
          requirementId: requirement.id,
          ...content({ description: `Edit number ${i + 1}.` }),
          baseFingerprint: opened,
        }),
      ),
    );
    const saved = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
    expect(saved).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.status)).toEqual(Array(19).fill(409));
    expect(current(requirement.id).v.description).toBe(`Edit number ${saved[0]}.`);
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'requirement.edited'))
        .all()
        .filter((r) => r.subjectId === `${requirement.key} v1`),
    ).toHaveLength(1);
  });
});
