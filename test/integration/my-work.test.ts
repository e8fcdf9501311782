import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { projectMembers } from '~/db/schema';
import { myWork } from '~/workflows/my-work';
import { seededDb } from '../support/db';

describe('what waits on this person (workflows/my-work.ts, the one home of the rule)', () => {
  it('a stakeholder named on a gate review sees it, and not once their role on the project is no longer one that decides', async () => {
    const { db, demo } = await seededDb();
    const { stakeholder } = demo.people;
    const fabrikam = demo.projects.fabrikam;
    const work = myWork(db, stakeholder);
    expect(work.gates.gatesToDecide.map((g) => `${g.phase} · ${g.project}`)).toContain(`Assess · ${fabrikam.name}`);
    expect(work.requirements.toSign.length).toBeGreaterThan(0);

    db.update(projectMembers)
      .set({ role: 'viewer' })
      .where(and(eq(projectMembers.projectId, fabrikam.id), eq(projectMembers.userId, stakeholder.id)))
      .run();
    expect(myWork(db, stakeholder).gates.gatesToDecide.map((g) => g.projectId)).not.toContain(fabrikam.id);
  });

  it('defects wait on the analyst to fix them and on a tester other than the fixer to verify them', async () => {
    const { db, demo } = await seededDb();
    const { analyst, tester, viewer } = demo.people;
    const toFix = myWork(db, analyst).testing.openDefects;
    expect(toFix.length).toBeGreaterThan(0);
    expect(toFix.every((d) => d.state === 'open' || d.state === 'inProgress')).toBe(true);
    const toVerify = myWork(db, tester).testing.openDefects;
    expect(toVerify.length).toBeGreaterThan(0);
    expect(toVerify.every((d) => d.state === 'fixed')).toBe(true);
    expect(myWork(db, viewer).testing.openDefects).toEqual([]);

    // The analyst who fixed a defect also becomes a tester on the project: they still do not verify their own fix.
    db.insert(projectMembers).values({ projectId: demo.projects.northwind.id, userId: analyst.id, role: 'tester', addedAt: new Date().toISOString() }).run();
    expect(myWork(db, analyst).testing.openDefects.filter((d) => d.state === 'fixed')).toEqual([]);
  });

  it('reads the database a fixed number of times, however many items wait (no query per item)', async () => {
    const { db, demo } = await seededDb();
    const prepare = vi.spyOn(db.$client, 'prepare');
    for (const who of ['stakeholder', 'pm', 'analyst', 'tester'] as const) {
      prepare.mockClear();
      myWork(db, demo.people[who]);
      expect(prepare.mock.calls.length, who).toBeGreaterThan(0);
      expect(prepare.mock.calls.length, who).toBeLessThanOrEqual(6);
    }
    prepare.mockRestore();
  });
});
