import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, phases, projects, users } from '~/db/schema';
import { demoPassword, demoPasswordHashCost, demoPeople, seedIfEmpty } from '~/seeds/demo';
import { verifyAuditChain } from '~/workflows/audit';
import { verifyCredentials } from '~/workflows/auth/credentials';
import { minimumPasswordHashCost } from '~/workflows/passwords';
import { freshDb, seededDb } from '../support/db';

describe('demo seed', () => {
  // The demo as vitest's global setup seeded it (test/support/global-setup.ts runs seedDemo once per run).
  it('builds the three demo projects through the commands, with Northwind in Launch', async () => {
    const { db, demo } = await seededDb();
    const p = demo.projects;
    const northwind = db.select().from(phases).where(eq(phases.projectId, p.northwind.id)).all();
    const byKey = Object.fromEntries(northwind.map((ph) => [ph.key, ph]));
    expect(byKey.scope?.actualEnd).toBe('2026-07-14');
    expect(byKey.architect?.actualEnd).toBe('2026-09-22');
    expect(byKey.launch?.actualStart).toBe('2026-09-22');
    expect(byKey.launch?.actualEnd).toBeNull();
    expect(
      db
        .select()
        .from(projects)
        .all()
        .map((x) => x.kind)
        .sort(),
    ).toEqual(['implementation', 'optimization', 'recovery']);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    const sentBack = db.select().from(auditLog).where(eq(auditLog.action, 'gate.sent_back')).all();
    expect(sentBack).toHaveLength(1);
  });

  it('hashes the published demo password at the lowest cost, and it signs in', async () => {
    const { db } = await seededDb();
    const hashes = db.select({ email: users.email, hash: users.passwordHash }).from(users).all();
    expect(hashes.length).toBe(Object.keys(demoPeople).length);
    for (const { hash } of hashes) expect(hash.split('$')[1]).toBe(String(demoPasswordHashCost));
    expect(demoPasswordHashCost).toBe(minimumPasswordHashCost);
    await expect(verifyCredentials({ db, email: demoPeople.pm.email, password: demoPassword })).resolves.toMatchObject({ name: demoPeople.pm.name });
  });

  it('seeds an empty database once and leaves a seeded one alone', async () => {
    const db = freshDb();
    expect(await seedIfEmpty(db)).toBe(true);
    const count = db.select().from(users).all().length;
    expect(await seedIfEmpty(db)).toBe(false);
    expect(db.select().from(users).all()).toHaveLength(count);
    expect(
      db
        .select()
        .from(phases)
        .where(and(eq(phases.key, 'scope')))
        .all(),
    ).toHaveLength(1);
  });
});
