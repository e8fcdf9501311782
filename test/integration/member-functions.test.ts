import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, memberFunctions, projectMembers, signatures, workflowInstances } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { addProjectMember } from '~/workflows/commands/add-project-member';
import { changeMemberFunction } from '~/workflows/commands/change-member-function';
import { createParallelRun } from '~/workflows/commands/create-parallel-run';
import { createRequirement } from '~/workflows/commands/create-requirement';
import { removeProjectMember } from '~/workflows/commands/remove-project-member';
import { signRequirement } from '~/workflows/commands/sign-requirement';
import { signVarianceReport } from '~/workflows/commands/sign-variance-report';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { submitVarianceReport } from '~/workflows/commands/submit-variance-report';
import { signatureMeanings } from '~/workflows/machines/requirement-signoff';
import { functionOf } from '~/workflows/members/functions';
import { meaningRefusal, meaningsFor } from '~/workflows/policy/functions';
import { requirementSignatureBasis } from '~/workflows/requirements/load';
import { reportSignatureBasis } from '~/workflows/testing/variance';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';
import { explainEveryVariance } from '../support/variance';

async function setup() {
  const { db, demo } = await seededDb();
  const p = demo.people;
  const projectId = demo.projects.northwind.id;
  const as = (who: keyof typeof p) => ({ db, actor: p[who] });
  /** A new Northwind requirement awaiting the VP Sales' and finance's signatures. */
  const inReview = () => {
    const { requirement } = createRequirement(as('analyst'), {
      projectId,
      title: 'Fee income above plan pays 2%',
      description: 'Fee income above the quarterly plan pays 2%.',
      category: 'plan design',
      priority: 'must',
      ownerId: p.stakeholder.id,
      phaseKey: 'launch',
      acceptanceCriteria: ['Fee income measured on invoiced fees'],
      examples: [],
    });
    submitRequirement(as('analyst'), {
      requirementId: requirement.id,
      signerIds: [p.stakeholder.id, p.finance.id],
      fingerprint: requirementSignatureBasis(db, requirement.id).fingerprint,
    });
    return requirement;
  };
  /** Everything a signature or a function change would write. */
  const written = () => ({
    audit: db.select().from(auditLog).all().length,
    signatures: db.select().from(signatures).all().length,
    instances: db.select({ id: workflowInstances.id, version: workflowInstances.version }).from(workflowInstances).all(),
    functions: db.select().from(memberFunctions).all(),
  });
  return { db, p, projectId, as, inReview, written };
}

describe('the meanings a function may sign with (one definition for forms and server)', () => {
  it('approved as finance only for finance, as legal only for legal, as business owner only for the business owner, as sales operations only for sales operations; reviewed, no objection for anyone', () => {
    expect(meaningsFor('finance')).toEqual(['approved as finance', 'reviewed, no objection']);
    expect(meaningsFor('sales_operations')).toEqual(['approved as sales operations', 'reviewed, no objection']);
    expect(meaningsFor('legal')).toEqual(['approved as legal', 'reviewed, no objection']);
    expect(meaningsFor('business_owner')).toEqual(['approved as business owner', 'reviewed, no objection']);
    for (const fn of ['compensation', 'hr', 'it', 'project_delivery', 'other', null] as const)
      expect(meaningsFor(fn), String(fn)).toEqual(['reviewed, no objection']);
    expect(meaningRefusal('sales_operations', 'approved as finance')).toBe(
      "Your function on this project (sales operations) does not allow signing 'approved as finance'.",
    );
    expect(meaningRefusal('it', 'approved as legal')).toBe("Your function on this project (IT) does not allow signing 'approved as legal'.");
    // Every meaning is someone's to sign with.
    const signerOf = { 'approved as finance': 'finance', 'approved as legal': 'legal', 'approved as sales operations': 'sales_operations' } as const;
    for (const m of signatureMeanings) expect(meaningRefusal(m in signerOf ? signerOf[m as keyof typeof signerOf] : 'business_owner', m)).toBeNull();
  });
});

describe('signing a requirement with a meaning the signer’s function does not allow', () => {
  it('the VP Sales (business owner) signing "approved as finance" is refused on the meaning field and nothing is recorded', async () => {
    const { db, p, projectId, as, inReview, written } = await setup();
    const requirement = inReview();
    expect(functionOf(db, projectId, p.stakeholder.id)).toBe('business_owner');
    const before = written();
    const refused = await refusal(
      signRequirement(as('stakeholder'), {
        requirementId: requirement.id,
        password: demoPassword,
        meaning: 'approved as finance',
        ...requirementSignatureBasis(db, requirement.id),
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors).toEqual({ meaning: "Your function on this project (business owner) does not allow signing 'approved as finance'." });
    expect(written()).toEqual(before);

    // Finance signs as finance, the business owner as the business owner: signed off.
    await signRequirement(as('finance'), {
      requirementId: requirement.id,
      password: demoPassword,
      meaning: 'approved as finance',
      ...requirementSignatureBasis(db, requirement.id),
    });
    await signRequirement(as('stakeholder'), {
      requirementId: requirement.id,
      password: demoPassword,
      meaning: 'approved as business owner',
      ...requirementSignatureBasis(db, requirement.id),
    });
    expect(db.select().from(signatures).all().length).toBe(before.signatures + 2);
  });

  it('a wrong password with a refused meaning is the password’s refusal, audited as before', async () => {
    const { db, as, inReview } = await setup();
    const requirement = inReview();
    const refused = await refusal(
      signRequirement(as('stakeholder'), {
        requirementId: requirement.id,
        password: 'not my password',
        meaning: 'approved as legal',
        ...requirementSignatureBasis(db, requirement.id),
      }),
    );
    expect(refused.fieldErrors).toEqual({ password: 'Wrong password.' });
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({ action: 'requirement.signature_refused' });
  });

  it('once the project manager changes the function, the meanings follow it; the change is audited before and after', async () => {
    const { db, p, projectId, as, inReview, written } = await setup();
    const requirement = inReview();
    const audit = written().audit;
    expect(changeMemberFunction(as('pm'), { projectId, userId: p.stakeholder.id, function: 'sales_operations' })).toEqual({
      changed: true,
      person: 'Sam Okafor',
    });
    const rows = db.select().from(auditLog).all().slice(audit);
    expect(rows).toMatchObject([
      {
        action: 'member.function_changed',
        projectId,
        subjectType: 'user',
        subjectId: String(p.stakeholder.id),
        before: JSON.stringify({ person: 'Sam Okafor', function: 'business_owner' }),
        after: JSON.stringify({ person: 'Sam Okafor', function: 'sales_operations' }),
      },
    ]);
    const before = written();
    const refused = await refusal(
      signRequirement(as('stakeholder'), {
        requirementId: requirement.id,
        password: demoPassword,
        meaning: 'approved as business owner',
        ...requirementSignatureBasis(db, requirement.id),
      }),
    );
    expect(refused.fieldErrors.meaning).toBe("Your function on this project (sales operations) does not allow signing 'approved as business owner'.");
    expect(written()).toEqual(before);
    await signRequirement(as('stakeholder'), {
      requirementId: requirement.id,
      password: demoPassword,
      meaning: 'reviewed, no objection',
      ...requirementSignatureBasis(db, requirement.id),
    });
    expect(db.select().from(signatures).all().at(-1)).toMatchObject({ userId: p.stakeholder.id, meaning: 'reviewed, no objection' });
  });
});

describe('signing a variance report with a meaning the signer’s function does not allow', () => {
  it('the VP Sales signing the report "approved as finance" is refused on the meaning field and nothing is recorded', async () => {
    const { db, p, projectId, as, written } = await setup();
    const { planId } = db.$client.prepare("SELECT id AS planId FROM plans WHERE project_id = ? AND plan_key = 'NW-CB-2026'").get(projectId) as {
      planId: number;
    };
    const run = createParallelRun(as('tester'), { projectId, name: 'Q4 parallel run', planId, ...parallelInputs, legacyCsv: legacyPayouts });
    explainEveryVariance(as('tester'), { projectId, runId: run.id });
    submitVarianceReport(as('tester'), { projectId, runId: run.id, signerIds: [p.stakeholder.id, p.finance.id] });
    const before = written();
    const refused = await refusal(
      signVarianceReport(as('stakeholder'), {
        projectId,
        runId: run.id,
        password: demoPassword,
        meaning: 'approved as finance',
        ...reportSignatureBasis(db, run.id),
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors).toEqual({ meaning: "Your function on this project (business owner) does not allow signing 'approved as finance'." });
    expect(written()).toEqual(before);
    await signVarianceReport(as('finance'), {
      projectId,
      runId: run.id,
      password: demoPassword,
      meaning: 'approved as finance',
      ...reportSignatureBasis(db, run.id),
    });
    expect(db.select().from(signatures).all().length).toBe(before.signatures + 1);
  });
});

describe('a member’s function', () => {
  it('is required for someone new to the project, stored and audited with the role', async () => {
    const { db, p, as } = await setup();
    const contoso = db.$client.prepare("SELECT id FROM projects WHERE name LIKE 'Contoso%'").get() as { id: number };
    const before = membership(db);
    const missing = await refusal(() => addProjectMember(as('pm'), { projectId: contoso.id, userId: p.finance.id, role: 'stakeholder' }));
    expect(missing.fieldErrors).toEqual({ function: 'Choose what Fiona Lindqvist does on this project.' });
    const unknown = await refusal(() =>
      addProjectMember(as('pm'), { projectId: contoso.id, userId: p.finance.id, role: 'stakeholder', function: 'treasurer' as never }),
    );
    expect(Object.keys(unknown.fieldErrors)).toEqual(['function']);
    expect(membership(db)).toEqual(before);

    const row = addProjectMember(as('pm'), { projectId: contoso.id, userId: p.finance.id, role: 'stakeholder', function: 'finance' });
    expect(functionOf(db, contoso.id, p.finance.id)).toBe('finance');
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({
      action: 'member.added',
      subjectId: String(row.id),
      after: JSON.stringify({ person: 'Fiona Lindqvist', role: 'stakeholder', function: 'finance' }),
    });
  });

  it('is kept when someone already on the project gets another role; naming a different one there is refused', async () => {
    const { db, p, projectId, as } = await setup();
    const before = membership(db);
    const different = await refusal(() => addProjectMember(as('pm'), { projectId, userId: p.stakeholder.id, role: 'viewer', function: 'finance' }));
    expect(different.fieldErrors).toEqual({ function: 'Sam Okafor is business owner on this project: change the function in the list of members.' });
    expect(membership(db)).toEqual(before);
    addProjectMember(as('pm'), { projectId, userId: p.stakeholder.id, role: 'viewer' });
    expect(functionOf(db, projectId, p.stakeholder.id)).toBe('business_owner');
  });

  it('is changed only by whoever manages members; the same function again writes nothing; it goes with the person’s last role', async () => {
    const { db, p, projectId, as } = await setup();
    const before = membership(db);
    const byStakeholder = await refusal(() => changeMemberFunction(as('stakeholder'), { projectId, userId: p.stakeholder.id, function: 'finance' }));
    expect(byStakeholder.status).toBe(403);
    const unknown = await refusal(() => changeMemberFunction(as('pm'), { projectId, userId: p.stakeholder.id, function: 'treasurer' }));
    expect(unknown.fieldErrors).toEqual({ function: 'Choose a function from the list.' });
    const notOnIt = await refusal(() => changeMemberFunction(as('pm'), { projectId, userId: p.admin.id, function: 'finance' }));
    expect(notOnIt.status).toBe(404);
    expect(changeMemberFunction(as('pm'), { projectId, userId: p.stakeholder.id, function: 'business_owner' }).changed).toBe(false);
    expect(membership(db)).toEqual(before);
    // The admin manages members too.
    expect(changeMemberFunction(as('admin'), { projectId, userId: p.viewer.id, function: 'other' }).changed).toBe(true);

    const viewer = db
      .select()
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, p.viewer.id)))
      .get()!;
    removeProjectMember(as('pm'), { projectId, memberId: viewer.id });
    expect(functionOf(db, projectId, p.viewer.id)).toBeNull();
    expect(db.select().from(auditLog).all().at(-1)).toMatchObject({
      action: 'member.removed',
      before: JSON.stringify({ person: 'Vera Chen', role: 'viewer', function: 'other' }),
    });
  });
});

describe('migration 0010', () => {
  it('gives existing members the function of their latest signature in a capacity on the project, and everyone else "other"', async () => {
    const { db, p, projectId } = await seededDb().then(({ db, demo }) => ({ db, p: demo.people, projectId: demo.projects.northwind.id }));
    const sql = readFileSync('db/migrations/0010_member_functions.sql', 'utf8').split('--> statement-breakpoint');
    const backfill = sql.find((s) => s.includes('INSERT INTO `member_functions`'))!;
    db.$client.exec('DELETE FROM member_functions');
    db.$client.exec(backfill);
    expect(functionOf(db, projectId, p.stakeholder.id)).toBe('business_owner');
    expect(functionOf(db, projectId, p.finance.id)).toBe('finance');
    expect(functionOf(db, projectId, p.pm.id)).toBe('other');
    expect(functionOf(db, projectId, p.tester.id)).toBe('other');
    // Every person on a project has exactly one function there.
    const people = db.$client.prepare('SELECT count(*) AS n FROM (SELECT DISTINCT project_id, user_id FROM project_members)').get() as { n: number };
    expect(db.select().from(memberFunctions).all()).toHaveLength(people.n);
  });
});

/** What adding, changing or removing a member writes. */
function membership(db: Awaited<ReturnType<typeof seededDb>>['db']) {
  return {
    audit: db.select().from(auditLog).all().length,
    members: db.select().from(projectMembers).all().length,
    functions: db.select().from(memberFunctions).all(),
  };
}
