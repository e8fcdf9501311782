import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, phases, signatures, workflowEvents, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { quickDecidedSelection } from '~/seeds/selection';
import { approveGate } from '~/workflows/commands/approve-gate';
import { rejectGate } from '~/workflows/commands/reject-gate';
import { requestGateReview } from '~/workflows/commands/request-gate-review';
import { evaluateEvidence } from '~/workflows/gates/evidence';
import { gateFingerprint, gateSignatureBasis } from '~/workflows/gates/fingerprint';
import { evidenceShownTo } from '~/workflows/gates/view';
import { type GateContext, phaseGate } from '~/workflows/machines/phase-gate';
import { applyEvent } from '~/workflows/runtime';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function seeded() {
  const { db, demo } = await seededDb();
  const phaseOf = (key: string, projectId = demo.projects.northwind.id) =>
    db
      .select()
      .from(phases)
      .where(and(eq(phases.projectId, projectId), eq(phases.key, key)))
      .orderBy(asc(phases.position))
      .get()!;
  const instanceOf = (phase: { instanceId: number }) => db.select().from(workflowInstances).where(eq(workflowInstances.id, phase.instanceId)).get()!;
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  // The mechanics of a gate on a new project's Scope gate, whose computed criterion (no must-have
  // unsigned) holds: the seeded Northwind Launch gate truthfully has unmet criteria.
  const { createProject } = await import('~/workflows/commands/create-project');
  const { addProjectMember } = await import('~/workflows/commands/add-project-member');
  const tailspin = createProject(as('admin'), {
    name: 'Tailspin ICM',
    client: 'Tailspin',
    methodologyKey: 'SALE',
    startDate: '2026-01-05',
    targetDate: '2026-12-18',
    pmUserId: demo.people.pm.id,
  });
  for (const [who, role, fn] of [
    ['stakeholder', 'stakeholder', 'business_owner'],
    ['finance', 'stakeholder', 'finance'],
    ['analyst', 'analyst', 'compensation'],
    ['tester', 'tester', 'project_delivery'],
    ['vendor', 'vendor', 'other'],
  ] as const)
    addProjectMember(as('pm'), { projectId: tailspin.id, userId: demo.people[who].id, role, function: fn });
  // The Scope gate's "platform selected" criterion is computed (issue 18): a decided selection first.
  await quickDecidedSelection(db, tailspin.id, { pm: demo.people.pm, sponsor: demo.people.stakeholder, evaluator: demo.people.analyst }, demoPassword);
  const gate = phaseOf('scope', tailspin.id);
  const checklist = ['charter', 'platform', 'contracted', 'requirements'].map((key) => ({ key, checked: true, note: '' }));
  /** What the gate page shows an approver now: the version and review fingerprint its forms send. */
  const shown = (phase = gate) => gateSignatureBasis(db, phase.id);
  return { db, demo, phaseOf, instanceOf, as, gate, checklist, shown, tailspin };
}

const meaning = 'I approve the Scope gate for Tailspin ICM';

describe('phase gate commands', () => {
  it('approval by all approvers closes the phase and activates the next one, with signatures and audit', async () => {
    const { db, as, gate, checklist, phaseOf, instanceOf, demo, shown, tailspin } = await seeded();
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] });
    const seen = shown();
    await approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning, ...seen });
    expect(instanceOf(gate).stateValue).toBe('approved');
    expect(phaseOf('scope', tailspin.id).actualEnd).not.toBeNull();
    expect(instanceOf(phaseOf('architect', tailspin.id)).stateValue).toBe('active');
    expect(phaseOf('architect', tailspin.id).actualStart).not.toBeNull();
    const sig = db.select().from(signatures).where(eq(signatures.instanceId, gate.instanceId)).all();
    // The signature names the review round the approver read.
    expect(sig).toMatchObject([{ userId: demo.people.stakeholder.id, meaning, fingerprint: seen.fingerprint }]);
    const actions = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.projectId, tailspin.id))
      .all()
      .map((r) => r.action);
    expect(actions.slice(-3)).toEqual(['gate.review_requested', 'gate.signed', 'phase.started']);
  });

  it('two approvals racing from the same page: one is recorded, the other is asked to reload, signs again, and the gate ends approved once', async () => {
    const { db, as, gate, checklist, instanceOf, demo, shown } = await seeded();
    requestGateReview(as('pm'), {
      phaseId: gate.id,
      checklist,
      approverIds: [demo.people.stakeholder.id, demo.people.finance.id],
    });
    // Both requests check their password at the same time; their transactions then serialise.
    const seen = shown();
    const outcomes = await Promise.allSettled([
      approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning, ...seen }),
      approveGate(as('finance'), { phaseId: gate.id, password: demoPassword, meaning, ...seen }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = outcomes.findIndex((o) => o.status === 'rejected');
    expect((outcomes[loser] as PromiseRejectedResult).reason.status).toBe(409);
    await approveGate(as(loser === 0 ? 'stakeholder' : 'finance'), { phaseId: gate.id, password: demoPassword, meaning, ...shown() });
    const events = db.select().from(workflowEvents).where(eq(workflowEvents.instanceId, gate.instanceId)).all();
    expect(
      events
        .filter((e) => e.type === 'APPROVE')
        .map((e) => e.actorId)
        .sort(),
    ).toEqual([demo.people.stakeholder.id, demo.people.finance.id].sort());
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(instanceOf(gate).stateValue).toBe('approved');
  });

  it('an event sent against a version someone else already moved is refused with 409, then retried', async () => {
    const { db, as, gate, checklist, instanceOf, demo, shown } = await seeded();
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id, demo.people.finance.id] });
    const seen = shown();
    await approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning, ...seen });
    const stale = await refusal(approveGate(as('finance'), { phaseId: gate.id, password: demoPassword, meaning, ...seen }));
    expect(stale.status).toBe(409);
    expect(instanceOf(gate).version).toBe(seen.expectedVersion + 1);
    // The loser reloads and retries against the version it now sees.
    await approveGate(as('finance'), { phaseId: gate.id, password: demoPassword, meaning, ...shown() });
    expect(instanceOf(gate).stateValue).toBe('approved');
    expect(db.select().from(signatures).where(eq(signatures.instanceId, gate.instanceId)).all()).toHaveLength(2);
  });

  it('an approval given on a review round that was sent back and requested again is refused with 409, and nothing is signed (issue 9, finding 3)', async () => {
    const { db, as, gate, checklist, instanceOf, demo, shown } = await seeded();
    const approvers = [demo.people.stakeholder.id, demo.people.finance.id];
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: approvers });
    // The stakeholder opens the approve form on this round and leaves it open.
    const roundOne = shown();
    // Meanwhile finance sends it back and the PM asks again with other notes: a new round.
    rejectGate(as('finance'), { phaseId: gate.id, reason: 'The cutover plan has no rollback step.', ...shown() });
    const notes = checklist.map((c) => ({ ...c, note: c.key === 'charter' ? 'Rollback step added (v2 of the plan).' : '' }));
    requestGateReview(as('pm'), { phaseId: gate.id, checklist: notes, approverIds: approvers });
    const roundTwo = shown();
    expect(roundTwo.fingerprint).not.toBe(roundOne.fingerprint);

    const before = { instance: instanceOf(gate), audit: db.select().from(auditLog).all().length };
    const signaturesNow = () => db.select().from(signatures).where(eq(signatures.instanceId, gate.instanceId)).all();
    const stale = await refusal(approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning, ...roundOne }));
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/changed since you opened it.*Reload/);
    // The round-one fingerprint with today's version (a forged form) is refused the same way.
    const forged = await refusal(
      approveGate(as('stakeholder'), {
        phaseId: gate.id,
        password: demoPassword,
        meaning,
        expectedVersion: roundTwo.expectedVersion,
        fingerprint: roundOne.fingerprint,
      }),
    );
    expect(forged.status).toBe(409);
    // A form that says nothing of what it was rendered from is refused before anything is read.
    const bare = await refusal(approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning }));
    expect(bare.status).toBe(400);
    expect(Object.keys(bare.fieldErrors).sort()).toEqual(['expectedVersion', 'fingerprint']);
    expect(signaturesNow()).toEqual([]);
    expect(instanceOf(gate)).toEqual(before.instance);
    expect(db.select().from(auditLog).all()).toHaveLength(before.audit);

    // Signing what the page shows now is recorded, naming that round.
    await approveGate(as('stakeholder'), { phaseId: gate.id, password: demoPassword, meaning, ...roundTwo });
    expect(signaturesNow()).toMatchObject([{ userId: demo.people.stakeholder.id, fingerprint: roundTwo.fingerprint }]);
    expect(gateFingerprint(instanceOf(gate).context as never)).toBe(roundTwo.fingerprint);
  });

  it('a send-back from a page of an earlier round is refused with 409', async () => {
    const { as, gate, checklist, instanceOf, demo, shown } = await seeded();
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id, demo.people.finance.id] });
    const opened = shown();
    rejectGate(as('finance'), { phaseId: gate.id, reason: 'The cutover plan has no rollback step.', ...shown() });
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id, demo.people.finance.id] });
    const e = await refusal(() => rejectGate(as('stakeholder'), { phaseId: gate.id, reason: 'Not yet: see my notes.', ...opened }));
    expect(e.status).toBe(409);
    expect(instanceOf(gate).stateValue).toBe('inReview');
    const bare = await refusal(() => rejectGate(as('stakeholder'), { phaseId: gate.id, reason: 'Not yet: see my notes.' }));
    expect(bare.fieldErrors.expectedVersion).toBe('Reload the page and try again.');
  });

  it('computed criteria name requirements only to those who may read them; the vendor sees met or not, and how many (issue 9, finding 5)', async () => {
    const { db, demo, phaseOf, instanceOf } = await seeded();
    const scope = phaseOf('scope');
    const evidence = evaluateEvidence(db, demo.projects.northwind.id, scope, (instanceOf(scope).context as GateContext).checklist);
    const unmet = evidence.find((e) => !e.met)!;
    expect(unmet.missing.join(' ')).toMatch(/REQ-\d+/);
    const [forVendor] = evidenceShownTo([unmet], demo.people.vendor, ['vendor']);
    expect(forVendor).toMatchObject({
      met: false,
      missing: [],
      missingCount: unmet.missing.length,
      withheld: expect.stringContaining('does not show requirements'),
    });
    expect(JSON.stringify(forVendor)).not.toMatch(/REQ-\d+/);
    const [forViewer] = evidenceShownTo([unmet], demo.people.viewer, ['viewer']);
    expect(forViewer).toMatchObject({ missing: unmet.missing, withheld: null });
  });

  it('a forged event that the state does not allow is refused with the reason, and nothing is written', async () => {
    const { db, gate, instanceOf, demo } = await seeded();
    const before = instanceOf(gate);
    const auditCount = db.select().from(auditLog).all().length;
    const forged = await refusal(() =>
      db.transaction((tx) =>
        applyEvent(tx, phaseGate, {
          instanceId: gate.instanceId,
          event: { type: 'APPROVE', actor: { id: demo.people.stakeholder.id, roles: ['stakeholder'] }, at: new Date().toISOString(), meaning },
          actor: demo.people.stakeholder,
          at: new Date(),
          audit: { action: 'gate.signed', subjectType: 'phase', subjectId: gate.id },
        }),
      ),
    );
    expect(forged.status).toBe(422);
    expect(forged.message).toBe('You cannot approve the gate while the phase is "Active".');
    expect(instanceOf(gate)).toEqual(before);
    expect(db.select().from(auditLog).all()).toHaveLength(auditCount);
  });

  it('the requester of a review cannot approve it even as a stakeholder', async () => {
    const { db, as, gate, checklist, demo, shown, tailspin } = await seeded();
    const { addProjectMember } = await import('~/workflows/commands/add-project-member');
    addProjectMember(as('admin'), { projectId: tailspin.id, userId: demo.people.pm.id, role: 'stakeholder', function: 'project_delivery' });
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] });
    const e = await refusal(approveGate(as('pm'), { phaseId: gate.id, password: demoPassword, meaning, ...shown() }));
    expect(e.message).toBe('You requested this gate review, so you cannot decide it.');
    expect(db.select().from(signatures).where(eq(signatures.instanceId, gate.instanceId)).all()).toHaveLength(0);
  });

  it('a wrong password at approval is refused, audited, and signs nothing', async () => {
    const { db, as, gate, checklist, instanceOf, demo, shown } = await seeded();
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] });
    const e = await refusal(approveGate(as('stakeholder'), { phaseId: gate.id, password: 'not-my-password', meaning, ...shown() }));
    expect(e.fieldErrors.password).toBe('Wrong password.');
    expect(instanceOf(gate).stateValue).toBe('inReview');
    const last = db.select().from(auditLog).orderBy(asc(auditLog.id)).all().at(-1)!;
    expect(last).toMatchObject({ action: 'gate.signature_refused', actorId: demo.people.stakeholder.id, subjectId: String(gate.id) });
  });

  it('a rejection needs a reason and sends the phase back to the PM', async () => {
    const { as, gate, checklist, instanceOf, demo, shown } = await seeded();
    requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] });
    const { expectedVersion } = shown();
    const e = await refusal(() => rejectGate(as('stakeholder'), { phaseId: gate.id, reason: 'no', expectedVersion }));
    expect(e.fieldErrors.reason).toMatch(/at least 5 characters/);
    rejectGate(as('stakeholder'), { phaseId: gate.id, reason: 'Parallel run variances are not explained yet.', expectedVersion });
    expect(instanceOf(gate).stateValue).toBe('sentBack');
  });

  it('approvers must be stakeholders of the project, and only the PM may request review', async () => {
    const { as, gate, checklist, demo } = await seeded();
    const notStakeholder = await refusal(() => requestGateReview(as('pm'), { phaseId: gate.id, checklist, approverIds: [demo.people.tester.id] }));
    expect(notStakeholder.fieldErrors.approverIds).toBe('Approvers must be stakeholders of this project.');
    const notPm = await refusal(() => requestGateReview(as('analyst'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] }));
    expect(notPm.status).toBe(403);
    const vendor = await refusal(() => requestGateReview(as('vendor'), { phaseId: gate.id, checklist, approverIds: [demo.people.stakeholder.id] }));
    expect(vendor.status).toBe(403);
  });

  it('an E3 cycle loops from Evolve back to Evaluate for the next cadence', async () => {
    const { db, as, phaseOf, instanceOf, demo, shown } = await seeded();
    const contoso = demo.projects.contoso.id;
    for (const key of ['evaluate', 'evolve']) {
      const phase = phaseOf(key, contoso);
      const items = (instanceOf(phase).context as { checklist: { key: string }[] }).checklist.map((c) => ({ key: c.key, checked: true, note: '' }));
      requestGateReview(as('pm'), { phaseId: phase.id, checklist: items, approverIds: [demo.people.stakeholder.id] });
      await approveGate(as('stakeholder'), {
        phaseId: phase.id,
        password: demoPassword,
        meaning: `I approve the ${phase.name} gate for Contoso Retail E3 optimization`,
        ...shown(phase),
      });
    }
    const all = db.select().from(phases).where(eq(phases.projectId, contoso)).orderBy(asc(phases.position)).all();
    expect(all.map((p) => p.name)).toEqual(['Establish', 'Evaluate', 'Evolve', 'Evaluate (cycle 2)', 'Evolve (cycle 2)']);
    expect(instanceOf(all[3]!).stateValue).toBe('active');
    expect(instanceOf(all[4]!).stateValue).toBe('notStarted');
  });
});
