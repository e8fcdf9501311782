import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { demoPassword } from '~/seeds/demo';
import { anchorAuditHead, auditRowHash, emitAudit, readAnchors, verifyAuditChain } from '~/workflows/audit';
import { auditAnchorFileFor, auditConfig, configureAudit } from '~/workflows/audit-key';
import { approveGate } from '~/workflows/commands/approve-gate';
import { gateSignatureBasis } from '~/workflows/gates/fingerprint';
import { systemActor } from '~/workflows/policy/roles';
import { seededDb } from '../support/db';

/**
 * The three forgeries of someone who has the database file but not the audit key (which lives outside
 * it): each makes `npm run audit:verify` fail, saying what was done.
 */
function portalFile(rows: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'audit-forgery-')), 'portal.sqlite');
  const db = openDatabase(file);
  applyMigrations(db);
  db.transaction((tx) => {
    for (let i = 1; i <= rows; i++)
      emitAudit(tx, {
        at: new Date(Date.UTC(2026, 10, 1, 0, i)),
        actor: systemActor,
        action: 'user.created',
        subjectType: 'user',
        subjectId: i,
        detail: `row ${i}`,
      });
  });
  // The server anchors the head outside the database (after each gate approval, at start, on a schedule).
  anchorAuditHead(db, new Date('2026-11-02T00:00:00Z'), { key: auditConfig().key, anchorFile: auditAnchorFileFor(file) });
  return { file, db };
}

/** What `npm run audit:verify <file>` prints and its exit status (the key comes from AUDIT_KEY, as on the server). */
function verify(file: string) {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output: out };
  } catch (e) {
    const failure = e as { status: number; stderr: string };
    return { status: failure.status, output: failure.stderr };
  }
}

/** The forger knows the algorithm and has the file, not the key: they use one of their own. */
const forgersKey = randomBytes(32);
type Row = {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  projectId: number | null;
  action: string;
  subjectType: string;
  subjectId: string;
  fromState: string | null;
  toState: string | null;
  before: string | null;
  after: string | null;
  detail: string;
  prevHash: string;
  hash: string;
};
const rowsOf = (db: ReturnType<typeof openDatabase>) =>
  db.$client
    .prepare(
      'SELECT id, at, actor_id AS actorId, actor_name AS actorName, project_id AS projectId, action, subject_type AS subjectType, subject_id AS subjectId, from_state AS fromState, to_state AS toState, before, after, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
    )
    .all() as Row[];
const insert = (db: ReturnType<typeof openDatabase>, row: Row) =>
  db.$client
    .prepare(
      'INSERT INTO audit_log (id, at, actor_id, actor_name, project_id, action, subject_type, subject_id, from_state, to_state, before, after, detail, prev_hash, hash) VALUES (@id, @at, @actorId, @actorName, @projectId, @action, @subjectType, @subjectId, @fromState, @toState, @before, @after, @detail, @prevHash, @hash)',
    )
    .run(row);

describe('audit chain forgeries without the key', () => {
  it('an intact file verifies against its anchor', () => {
    const { file, db } = portalFile(25);
    db.$client.close();
    const result = verify(file);
    expect(result.output).toContain('audit chain intact: 25 rows');
    expect(result.output).toContain('against 1 anchor');
    expect(result.status).toBe(0);
  });

  it('a row appended with a recomputed hash is named', () => {
    const { file, db } = portalFile(25);
    const last = rowsOf(db).at(-1)!;
    const { hash: _hash, ...forged } = { ...last, id: 26, detail: 'Approved by the CFO', prevHash: last.hash };
    insert(db, { ...forged, hash: auditRowHash(forged, forgersKey) });
    db.$client.close();
    const result = verify(file);
    expect(result.status).toBe(1);
    expect(result.output).toContain('audit chain BROKEN at row 26: row 26 was changed or added without the audit key');
  });

  it('a row rewritten with every later hash recomputed is named', () => {
    const { file, db } = portalFile(25);
    const rows = rowsOf(db);
    db.$client.exec('DROP TRIGGER audit_log_no_delete');
    db.$client.prepare('DELETE FROM audit_log WHERE id >= 2').run();
    let prevHash = rows[0]!.hash;
    for (const row of rows.slice(1)) {
      const { hash: _hash, ...content } = { ...row, detail: row.id === 2 ? 'rewritten' : row.detail, prevHash };
      const hash = auditRowHash(content, forgersKey);
      insert(db, { ...content, hash });
      prevHash = hash;
    }
    db.$client.close();
    const result = verify(file);
    expect(result.status).toBe(1);
    expect(result.output).toContain('audit chain BROKEN at row 2: row 2 was changed or added without the audit key');
  });

  it('rows cut off the end are counted against the last anchor', () => {
    const { file, db } = portalFile(25);
    db.$client.exec('DROP TRIGGER audit_log_no_delete');
    db.$client.prepare('DELETE FROM audit_log WHERE id > 5').run();
    db.$client.close();
    const result = verify(file);
    expect(result.status).toBe(1);
    expect(result.output).toContain('20 rows are missing since the anchor of 2026-11-02T00:00:00.000Z (it recorded 25 rows, the chain has 5)');
  });

  it('each gate approval anchors the head of the chain outside the database', async () => {
    const { db, demo } = await seededDb();
    const anchorFile = path.join(mkdtempSync(path.join(tmpdir(), 'audit-anchor-')), 'audit-anchors.jsonl');
    configureAudit({ key: auditConfig().key, anchorFile });
    const assess = db.$client.prepare("SELECT id FROM phases WHERE project_id = ? AND key = 'assess'").get(demo.projects.fabrikam.id) as { id: number };
    await approveGate(
      { db, actor: demo.people.stakeholder },
      {
        phaseId: assess.id,
        password: demoPassword,
        meaning: 'I approve the Assess gate for Fabrikam Insurance recovery',
        ...gateSignatureBasis(db, assess.id),
      },
    );
    const head = db.$client.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    expect(readAnchors(anchorFile)).toMatchObject([{ rows: head.id, head: head.hash }]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: head.id, anchors: 1 });
  });
});
