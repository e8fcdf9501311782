import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, defectComments, defects } from '~/db/schema';
import { assignDefect } from '~/workflows/commands/assign-defect';
import { commentOnDefect } from '~/workflows/commands/comment-on-defect';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

async function setup() {
  const { db, demo } = await seededDb();
  const as = (who: keyof typeof demo.people) => ({ db, actor: demo.people[who] });
  const projectId = demo.projects.northwind.id;
  const defect = db
    .select()
    .from(defects)
    .where(and(eq(defects.projectId, projectId), eq(defects.key, 'DEF-002')))
    .get()!;
  const lastAudit = () => db.select().from(auditLog).orderBy(asc(auditLog.id)).all().at(-1)!;
  return { db, demo, as, projectId, defect, lastAudit };
}

describe('a defect is assigned and discussed (issue 10)', () => {
  it('is assigned to someone who fixes defects, audited before and after; a tester cannot be the assignee', async () => {
    const { db, demo, as, projectId, defect, lastAudit } = await setup();
    const notAFixer = await refusal(() => assignDefect(as('pm'), { projectId, defectId: defect.id, assigneeId: String(demo.people.tester2.id) }));
    expect(notAFixer.fieldErrors.assigneeId).toBe('Choose someone on this project who fixes defects (an analyst, the PM, or a vendor representative).');
    assignDefect(as('pm'), { projectId, defectId: defect.id, assigneeId: String(demo.people.analyst.id) });
    expect(db.select().from(defects).where(eq(defects.id, defect.id)).get()!.assigneeId).toBe(demo.people.analyst.id);
    expect(lastAudit()).toMatchObject({ action: 'defect.assigned', subjectId: 'DEF-002', actorId: demo.people.pm.id });
    expect(JSON.parse(lastAudit().before!)).toEqual({ assigneeId: null });
    expect(JSON.parse(lastAudit().after!)).toEqual({ assigneeId: demo.people.analyst.id });
    assignDefect(as('tester'), { projectId, defectId: defect.id, assigneeId: '' });
    expect(db.select().from(defects).where(eq(defects.id, defect.id)).get()!.assigneeId).toBeNull();
  });

  it('only those who work on defects assign them, and a defect under another project URL is not found', async () => {
    const { demo, as, projectId, defect } = await setup();
    expect((await refusal(() => assignDefect(as('analyst'), { projectId, defectId: defect.id, assigneeId: String(demo.people.analyst.id) }))).status).toBe(403);
    const elsewhere = await refusal(() =>
      assignDefect(as('pm'), { projectId: demo.projects.contoso.id, defectId: defect.id, assigneeId: String(demo.people.analyst.id) }),
    );
    expect(elsewhere.status).toBe(404);
  });

  it('collects comments in order, audited; an empty one is refused on its field and a viewer cannot comment', async () => {
    const { db, as, projectId, defect, lastAudit } = await setup();
    const empty = await refusal(() => commentOnDefect(as('tester'), { projectId, defectId: defect.id, body: '   ' }));
    expect(empty.fieldErrors.body).toBe('Write a comment first.');
    commentOnDefect(as('tester'), { projectId, defectId: defect.id, body: 'Legacy pays 4,800.00: 48% share?' });
    commentOnDefect(as('analyst'), { projectId, defectId: defect.id, body: 'The plan says 40%; legacy rounds the share up.' });
    expect(lastAudit()).toMatchObject({ action: 'defect.commented', subjectId: 'DEF-002' });
    expect(
      db
        .select()
        .from(defectComments)
        .where(eq(defectComments.defectId, defect.id))
        .orderBy(asc(defectComments.id))
        .all()
        .map((c) => c.body),
    ).toEqual(['Legacy pays 4,800.00: 48% share?', 'The plan says 40%; legacy rounds the share up.']);
    expect((await refusal(() => commentOnDefect(as('viewer'), { projectId, defectId: defect.id, body: 'Me too' }))).status).toBe(403);
  });
});
