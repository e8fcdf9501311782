import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, requirementLinks, requirements, requirementVersions, workflowInstances } from '~/db/schema';
import { ImportRefused, importRequirements, maxImportBytes, maxImportRows } from '~/workflows/commands/import-requirements';
import { submitRequirement } from '~/workflows/commands/submit-requirement';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const header = 'title,description,category,priority,owner_email,phase,acceptance_criteria,links';
const row = (i: number, links = '') =>
  `"Imported requirement number ${i}","Line one, with a comma\nand a second line",crediting,should,stakeholder@demo.test,architect,"First criterion | Second criterion",${links}`;
const csvOf = (n: number, links = '') => [header, ...Array.from({ length: n }, (_, i) => row(i + 1, links))].join('\n');

async function setup() {
  const { db, demo } = await seededDb();
  const projectId = demo.projects.northwind.id;
  const as = { db, actor: demo.people.analyst };
  const requirementCount = () => db.select({ n: count() }).from(requirements).where(eq(requirements.projectId, projectId)).get()!.n;
  const auditCount = () => db.select({ n: count() }).from(auditLog).get()!.n;
  /** Every query the import builds (drizzle prepares each one-time query; a prepared statement once). */
  const queriesDuring = async (work: () => Promise<unknown>) => {
    const client = db.$client;
    const prepare = client.prepare;
    let n = 0;
    client.prepare = ((source: string) => {
      n++;
      return prepare.call(client, source);
    }) as typeof prepare;
    try {
      await work();
    } finally {
      client.prepare = prepare;
    }
    return n;
  };
  return { db, demo, projectId, as, requirementCount, auditCount, queriesDuring };
}

describe('importing requirements', () => {
  it('is linear: the queries of an import do not grow with its rows (owners, phases, keys read once; rows written by prepared statements)', async () => {
    const small = await setup();
    const fewQueries = await small.queriesDuring(() => importRequirements(small.as, { projectId: small.projectId, csv: csvOf(20, 'REQ-001') }));
    const large = await setup();
    const before = large.requirementCount();
    const started = performance.now();
    const manyQueries = await large.queriesDuring(() => importRequirements(large.as, { projectId: large.projectId, csv: csvOf(3000, 'REQ-001') }));
    const seconds = (performance.now() - started) / 1000;
    // Before: ~18 queries per row (54,000 here) and every key of the project read again for each row: 52 s for 4,000 rows.
    expect(manyQueries).toBe(fewQueries);
    expect(manyQueries).toBeLessThan(40);
    expect(large.requirementCount()).toBe(before + 3000);
    // Generous for a busy shared machine: the same import took over 20 s before.
    expect(seconds).toBeLessThan(10);
  });

  it('creates real requirements: keys after the highest, a draft version 1 with its fingerprint, links, and one audit row naming each', async () => {
    const { db, demo, projectId, as, auditCount } = await setup();
    const highest = Math.max(
      ...db
        .select({ key: requirements.key })
        .from(requirements)
        .where(eq(requirements.projectId, projectId))
        .all()
        .map((r) => Number(r.key.slice(4))),
    );
    const audits = auditCount();
    const keys = await importRequirements(as, { projectId, csv: csvOf(3, 'REQ-001 REQ-002 REQ-001') });
    expect(keys).toEqual([1, 2, 3].map((i) => `REQ-${String(highest + i).padStart(3, '0')}`));

    const created = db
      .select({ r: requirements, v: requirementVersions, i: workflowInstances })
      .from(requirements)
      .innerJoin(requirementVersions, eq(requirementVersions.id, requirements.currentVersionId))
      .innerJoin(workflowInstances, eq(workflowInstances.id, requirementVersions.instanceId))
      .where(and(eq(requirements.projectId, projectId), eq(requirements.key, keys[0]!)))
      .get()!;
    expect(created.v).toMatchObject({ number: 1, title: 'Imported requirement number 1', acceptanceCriteria: ['First criterion', 'Second criterion'] });
    expect(created.i).toMatchObject({ stateValue: 'draft', subjectId: created.r.id, projectId, version: 0 });
    expect(created.i.context).toMatchObject({ authorId: demo.people.analyst.id, fingerprint: created.v.fingerprint, signers: [] });
    // A repeated link key is one link.
    expect(db.select().from(requirementLinks).where(eq(requirementLinks.fromId, created.r.id)).all()).toHaveLength(2);

    expect(auditCount()).toBe(audits + 1);
    const audit = db.select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;
    expect(audit.action).toBe('requirement.imported');
    const after = JSON.parse(audit.after!) as { keys: string[]; requirements: { key: string; title: string; fingerprint: string; links: string[] }[] };
    expect(after.keys).toEqual(keys);
    expect(after.requirements[0]).toMatchObject({
      key: keys[0],
      title: 'Imported requirement number 1',
      fingerprint: created.v.fingerprint,
      links: ['REQ-001', 'REQ-002'],
    });

    // The sign-off works on an imported requirement as on one made by hand.
    submitRequirement(as, { requirementId: created.r.id, signerIds: [demo.people.stakeholder.id], fingerprint: created.v.fingerprint });
    expect(db.select().from(workflowInstances).where(eq(workflowInstances.id, created.i.id)).get()!.stateValue).toBe('inReview');
  });

  it(`refuses a file of more than ${maxImportRows.toLocaleString('en-US')} rows, saying so, and imports nothing`, async () => {
    const { projectId, as, requirementCount, auditCount } = await setup();
    const before = { requirements: requirementCount(), audits: auditCount() };
    const e = (await refusal(
      importRequirements(as, { projectId, csv: [header, ...Array.from({ length: maxImportRows + 1 }, (_, i) => `t${i},d,x,y,z,p,c,`)].join('\n') }),
    )) as ImportRefused;
    expect(e).toBeInstanceOf(ImportRefused);
    expect(e.message).toBe('Nothing was imported: the file has 10,001 rows; an import takes at most 10,000.');
    expect(e.problems).toEqual([{ line: 10_002, message: 'The file has 10,001 rows; an import takes at most 10,000. Split the file.' }]);
    expect({ requirements: requirementCount(), audits: auditCount() }).toEqual(before);
  });

  it('refuses a file over 5 MB, counted in bytes, naming the limit, and imports nothing', async () => {
    const { projectId, as, requirementCount, auditCount } = await setup();
    const before = { requirements: requirementCount(), audits: auditCount() };
    const tooLong = await refusal(importRequirements(as, { projectId, csv: `${csvOf(1)}\n${'x'.repeat(maxImportBytes)}` }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.fieldErrors.csv).toBe('The file is larger than 5 MB. Split it into files of at most 5 MB and 10,000 rows.');
    // Fewer characters than the limit, but two bytes each: over 5 MB all the same.
    const wide = await refusal(importRequirements(as, { projectId, csv: `${csvOf(1)}\n"${'é'.repeat(maxImportBytes / 2 + 10)}"` }));
    expect(wide.fieldErrors.csv).toContain('larger than 5 MB');
    expect({ requirements: requirementCount(), audits: auditCount() }).toEqual(before);
  });
});
