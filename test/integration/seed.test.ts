import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, phases, projects, users } from '~/db/schema';
import { verifyAuditChain } from '~/workflows/audit';
import { seedDemo, seedIfEmpty } from '~/seeds/demo';
import { freshDb } from '../support/db';

describe('demo seed', () => {
  it('builds the three demo projects through the commands, with Northwind in Launch', async () => {
    const db = freshDb();
    const { projects: p } = await seedDemo(db);
    const northwind = db.select().from(phases).where(eq(phases.projectId, p.northwind.id)).all();
    const byKey = Object.fromEntries(northwind.map((ph) => [ph.key, ph]));
    expect(byKey.scope?.actualEnd).toBe('2026-07-14');
    expect(byKey.architect?.actualEnd).toBe('2026-09-22');
    expect(byKey.launch?.actualStart).toBe('2026-09-22');
    expect(byKey.launch?.actualEnd).toBeNull();
    expect(db.select().from(projects).all().map((x) => x.kind).sort()).toEqual(['implementation', 'optimization', 'recovery']);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    const sentBack = db.select().from(auditLog).where(eq(auditLog.action, 'gate.sent_back')).all();
    expect(sentBack).toHaveLength(1);
  });

  it('seeds an empty database once and leaves a seeded one alone', async () => {
    const db = freshDb();
    expect(await seedIfEmpty(db)).toBe(true);
    const count = db.select().from(users).all().length;
    expect(await seedIfEmpty(db)).toBe(false);
    expect(db.select().from(users).all()).toHaveLength(count);
    expect(db.select().from(phases).where(and(eq(phases.key, 'scope'))).all()).toHaveLength(1);
  });
});
