import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, requirements, requirementVersions, signatures, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { throttlePolicy } from '~/workflows/auth/throttle';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { signRequirement } from '~/workflows/commands/sign-requirement';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { signingPassword, signWithPassword } from '~/workflows/signing';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const at = (time: string) => new Date(`2026-11-27T${time}:00Z`);

/** A requirement of Northwind in review, with the stakeholder named to sign it. */
async function inReview() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const { requirement } = createRequirement(
    { db, actor: p.analyst },
    {
      projectId: demo.projects.northwind.id,
      title: 'Relationship managers earn 2% on fee income above plan',
      description: 'Fee income above the quarterly plan pays 2%.',
      category: 'plan design',
      priority: 'must',
      ownerId: p.stakeholder.id,
      phaseKey: 'launch',
      acceptanceCriteria: ['Fee income measured on invoiced fees'],
    },
  );
  const shown = () => {
    const r = db.select().from(requirements).where(eq(requirements.id, requirement.id)).get()!;
    const v = db.select().from(requirementVersions).where(eq(requirementVersions.id, r.currentVersionId!)).get()!;
    const i = db.select().from(workflowInstances).where(eq(workflowInstances.id, v.instanceId)).get()!;
    return { fingerprint: v.fingerprint, expectedVersion: i.version };
  };
  submitRequirement({ db, actor: p.analyst }, { requirementId: requirement.id, signerIds: [p.stakeholder.id], fingerprint: shown().fingerprint });
  const sign = (password: string, now: Date) =>
    signRequirement({ db, actor: p.stakeholder, now }, { requirementId: requirement.id, password, meaning: 'approved as business owner', ...shown() });
  const signed = () => db.select().from(signatures).where(eq(signatures.userId, p.stakeholder.id)).all().length;
  return { db, p, sign, signed, before: signed() };
}

// Issue 9, finding 10: eight wrong signing passwords left no lock.
describe('signing passwords are throttled like sign-in', () => {
  it('locks signing after repeated wrong passwords, refuses even the right one until the lock ends, and audits the lock', async () => {
    const { db, p, sign, signed, before } = await inReview();
    for (let i = 1; i < throttlePolicy.maxFailures; i++) expect((await refusal(sign('wrong', at('09:00')))).fieldErrors.password).toBe('Wrong password.');
    const locked = await refusal(sign('wrong', at('09:00')));
    expect(locked.status).toBe(423);
    expect(locked.message).toContain('you can sign again after 09:15 UTC. Nothing was signed.');
    for (let i = 0; i < 3; i++) expect((await refusal(sign(demoPassword, at('09:10')))).status).toBe(423);
    expect(signed()).toBe(before);
    const audit = db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
    expect(audit.filter((a) => a.action === 'requirement.signature_refused' && a.actorId === p.stakeholder.id)).toHaveLength(throttlePolicy.maxFailures);
    expect(audit.at(-1)).toMatchObject({ action: 'user.signing_locked', actorId: p.stakeholder.id, subjectType: 'user', subjectId: String(p.stakeholder.id) });
    // The lock ends by time: then the right password signs.
    await sign(demoPassword, at('09:16'));
    expect(signed()).toBe(before + 1);
  });

  it('counts parallel signatures before checking their passwords: 10 at once, the last right, sign nothing', async () => {
    const { sign, signed, before } = await inReview();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => refusal(sign(i === 9 ? demoPassword : 'wrong', at('09:00'))).catch(() => null)));
    expect(results.filter((r) => r === null)).toHaveLength(0);
    expect(results.filter((r) => r?.status === 423)).toHaveLength(1);
    expect(results.filter((r) => r?.status === 429)).toHaveLength(10 - throttlePolicy.maxFailures);
    expect((await refusal(sign(demoPassword, at('09:01')))).status).toBe(423);
    expect(signed()).toBe(before);
  });

  it('starts counting again after the right password, and is one lock per signer, whatever they sign', async () => {
    const { db, p } = await inReview();
    const signThing = signWithPassword({
      input: z.object({ password: signingPassword }),
      load: () => null,
      refusedAs: () => ({ projectId: 1, subjectType: 'requirement', subjectId: 'X', action: 'requirement.signature_refused' }),
      sign: () => 'signed',
    });
    const as = (who: 'stakeholder' | 'finance') => ({ db, actor: p[who], now: at('09:00') });
    for (let i = 1; i < throttlePolicy.maxFailures; i++) await refusal(signThing(as('stakeholder'), { password: 'wrong' }));
    expect(await signThing(as('stakeholder'), { password: demoPassword })).toBe('signed');
    for (let i = 1; i < throttlePolicy.maxFailures; i++) await refusal(signThing(as('stakeholder'), { password: 'wrong' }));
    expect((await refusal(signThing(as('stakeholder'), { password: 'wrong' }))).status).toBe(423);
    // Another signer is not affected.
    expect(await signThing(as('finance'), { password: demoPassword })).toBe('signed');
  });
});
