import { describe, expect, it } from 'vitest';
import { auditPage } from '~/db/queries/audit';
import { auditActions, auditSubjects } from '~/workflows/audit-catalogue';
import { auditRowsForPeople } from '~/workflows/audit-view';
import { seededDb } from '../support/db';

/** Kinds of item with no page of their own: their rows name them but link nowhere. */
const unlinked = new Set(['methodology', 'notification', 'settings']);
/** The app's paths an audit link may take (app/routes.ts), as patterns. */
const routes = [
  /^\/projects\/\d+$/,
  /^\/projects\/\d+\/(members|schedule|vendors|recovery|optimization|optimization\/data)$/,
  /^\/projects\/\d+\/(phases|requirements|baselines|plans|testing\/cycles|testing\/cases|defects|parallel-runs|vendors\/contracts|deliverables|modeling\/datasets|modeling\/scenarios|changes|raid|reports|selections)\/\d+$/,
  /^\/projects\/\d+\/plans\/\d+\/versions\/\d+$/,
  /^\/admin\/people\/\d+$/,
];

describe('the audit trail as people read it', () => {
  it('every row of the demo shows its action’s label and its states in words, and links to a page the portal has', async () => {
    const { db } = await seededDb();
    const { rows, total } = auditPage(db, { page: 1, pageSize: 100_000 });
    expect(rows.length).toBeLessThanOrEqual(100);
    const all = auditPage(db, { page: 1, pageSize: 100 });
    expect(all.total).toBe(total);
    const pages = Math.ceil(total / 100);
    const entries = Array.from({ length: pages }, (_, i) => auditPage(db, { page: i + 1, pageSize: 100 }).rows).flat();
    expect(entries).toHaveLength(total);
    const shown = auditRowsForPeople(db, entries, { admin: true });
    const labels = new Set<string>(Object.values(auditActions));
    for (const [i, row] of shown.entries()) {
      const entry = entries[i]!;
      expect(labels.has(row.action), `${entry.action} has a label`).toBe(true);
      expect(row.transition).not.toMatch(/[a-z][A-Z]/);
      expect(row.subject.startsWith(auditSubjects[entry.subjectType as keyof typeof auditSubjects])).toBe(true);
      if (unlinked.has(entry.subjectType)) expect(row.link).toBeNull();
      else {
        expect(row.link, `${entry.action} ${entry.subjectType} ${entry.subjectId} links to its item`).not.toBeNull();
        expect(
          routes.some((r) => r.test(row.link!)),
          row.link!,
        ).toBe(true);
      }
    }
    // People's pages are the administrator's: a project audit read by someone else links no person.
    const people = auditRowsForPeople(
      db,
      entries.filter((e) => e.subjectType === 'user'),
      { admin: false },
    );
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((r) => r.link === null)).toBe(true);
  });

  it('a page is newest first and bounded, whatever size is asked for', async () => {
    const { db } = await seededDb();
    const page = auditPage(db, { page: 1, pageSize: 1_000_000 });
    expect(page.pageSize).toBe(100);
    expect(page.rows.map((r) => r.id)).toEqual([...page.rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(auditPage(db, { page: 999_999, pageSize: 10 }).page).toBe(Math.ceil(page.total / 10));
  });
});
