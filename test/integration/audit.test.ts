import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { auditLog } from '~/db/schema';
import { methodologyTemplates } from '~/seeds/methodologies';
import { verifyAuditChain } from '~/workflows/audit';
import { installMethodology } from '~/workflows/commands/install-methodology';
import { systemActor } from '~/workflows/policy/roles';
import { freshDb } from '../support/db';

function withThreeRows(db: ReturnType<typeof freshDb>) {
  for (const t of methodologyTemplates) installMethodology({ db, actor: systemActor }, t);
  return db;
}

describe('audit trail', () => {
  it('chains each row to the one before it', () => {
    const db = withThreeRows(freshDb());
    const rows = db.select().from(auditLog).all();
    expect(rows).toHaveLength(3);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 3, anchors: 0 });
  });

  it('refuses updates and deletes from the application', () => {
    const db = withThreeRows(freshDb());
    expect(() => db.update(auditLog).set({ detail: 'changed' }).run()).toThrow(/append-only/);
    expect(() => db.delete(auditLog).run()).toThrow(/append-only/);
  });

  it('names the first tampered row when someone edits the file behind the triggers', () => {
    const db = withThreeRows(freshDb());
    db.$client.exec('DROP TRIGGER audit_log_no_update');
    db.$client.prepare("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 2").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenRowId: 2, reason: 'row 2 was changed or added without the audit key' });
  });

  it('names the row after a deleted one', () => {
    const db = withThreeRows(freshDb());
    db.$client.exec('DROP TRIGGER audit_log_no_delete');
    db.$client.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenRowId: 3 });
  });

  it('`npm run audit:verify` passes on an intact file and fails naming the tampered row', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'audit-')), 'portal.sqlite');
    const db = openDatabase(file);
    applyMigrations(db);
    withThreeRows(db);
    const run = () =>
      // What `npm run audit:verify` runs, without npm's and npx's start-up (seconds on a busy machine).
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run()).toContain('audit chain intact: 3 rows');
    db.$client.exec('DROP TRIGGER audit_log_no_update');
    db.$client.prepare("UPDATE audit_log SET detail = 'rewritten' WHERE id = 2").run();
    db.$client.close();
    let failure: { status: number; stderr: string } | undefined;
    try {
      run();
    } catch (e) {
      failure = e as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toContain('audit chain BROKEN at row 2');
  });
});
