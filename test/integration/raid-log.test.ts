import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DB } from '~/db/client';
import { auditLog, deliverables, raidItems, raidLinks, requirements, vendorFirms } from '~/db/schema';
import { closeRaidItem } from '~/workflows/commands/close-raid-item';
import { editRaidItem } from '~/workflows/commands/edit-raid-item';
import { importRaidItems } from '~/workflows/commands/import-raid-items';
import { linkRaidItem } from '~/workflows/commands/link-raid-item';
import { logRaidItem } from '~/workflows/commands/log-raid-item';
import { reopenRaidItem } from '~/workflows/commands/reopen-raid-item';
import { unlinkRaidItem } from '~/workflows/commands/unlink-raid-item';
import type { Actor } from '~/workflows/policy/roles';
import { raidItemPage, raidLogPage } from '~/workflows/raid/view';
import { deliverablePage } from '~/workflows/vendors/view';
import { seededDb } from '../support/db';
import { refusal } from '../support/refusal';

const today = '2026-11-30';
const ctx = (db: DB, actor: Actor) => ({ db, actor, now: new Date(`${today}T12:00:00Z`) });
const auditRows = (db: DB) => db.select().from(auditLog).all().length;
const acmeOf = (db: DB) => db.select().from(vendorFirms).where(eq(vendorFirms.name, 'Acme ICM Partners')).get()!.id;

/** A risk form as the page posts it (every field of every type; the risk's own are read). */
const riskForm = (projectId: number, ownerId: number, extra: Record<string, string> = {}) => ({
  projectId: String(projectId),
  type: 'risk',
  title: 'Legacy payout extract arrives late',
  description: 'IT has not scheduled the extract.',
  probability: '4',
  impact: '5',
  mitigation: '',
  ownerId: String(ownerId),
  nextReviewDate: '2026-12-15',
  validateBy: '',
  dueDate: '',
  severity: '',
  decidedBy: '',
  sharedWithFirmId: '',
  ...extra,
});

describe('the seeded RAID log of Northwind', () => {
  it('holds items of every type, some overdue on the demo’s today, closed ones readable, a few links; Acme sees its two', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const page = raidLogPage(db, demo.people.viewer, nw, today);
    expect(page.items.length).toBe(26);
    expect(new Set(page.items.map((i) => i.type))).toEqual(new Set(['risk', 'assumption', 'issue', 'dependency', 'action', 'decision']));
    expect(page.items.filter((i) => i.overdue).map((i) => i.title)).toEqual([
      'Legacy payout extract arrives late for the parallel run',
      'Quarterly bonus cap misread by managers',
      'Sales leadership unavailable for UAT sign-off in December',
      'The HR feed carries every banker’s manager daily',
      'Quarterly bonus cap applied above 150 % of target',
      'Book the cutover rehearsal weekend',
      'Walk finance through the pay curves of the new plan',
    ]);
    expect(page.items.filter((i) => i.status === 'closed')).toHaveLength(5);
    expect(page.items.find((i) => i.title.startsWith('New plan costs'))).toMatchObject({ version: 2, exposure: 15, exposureBand: 'high' });
    const cap = page.items.find((i) => i.title === 'Quarterly bonus cap applied above 150 % of target')!;
    expect(raidItemPage(db, demo.people.pm, { projectId: nw, itemId: cap.id }, today).links.map((l) => l.key)).toEqual(['DEF-001', 'RAID-024']);
    const acme = raidLogPage(db, demo.people.vendor, nw, today);
    expect(acme.items.map((i) => i.title)).toEqual(['Acme’s lead configurator rolls off in January', 'UAT environment refreshed without notice']);
    // The vendor sees the link to its own firm's deliverable, never the requirement or defect links.
    expect(raidItemPage(db, demo.people.vendor, { projectId: nw, itemId: acme.items[0]!.id }, today).links.map((l) => l.key)).toEqual(['DLV-006']);
    // The deliverable's page shows the other end of the link, to Acme too (the item is shared with Acme).
    const dlv = db
      .select()
      .from(deliverables)
      .where(and(eq(deliverables.projectId, nw), eq(deliverables.key, 'DLV-006')))
      .get()!;
    for (const who of [demo.people.pm, demo.people.vendor])
      expect(deliverablePage(db, who, { projectId: nw, deliverableId: dlv.id }, today).raidItems.map((i) => i.key)).toEqual(['RAID-002']);
  });
});

describe('the RAID log commands', () => {
  it('logs an item of each type with its own fields, numbered per project, audited with what it says', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm, analyst } = demo.people;
    const before = db.select().from(raidItems).where(eq(raidItems.projectId, nw)).all().length;
    const risk = logRaidItem(ctx(db, pm), riskForm(nw, analyst.id));
    expect(risk.key).toBe(`RAID-${String(before + 1).padStart(3, '0')}`);
    expect(risk).toMatchObject({ type: 'risk', probability: 4, impact: 5, status: 'open', version: 1, dueDate: null, severity: null });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'raid.logged'), eq(auditLog.subjectId, risk.key)))
      .get()!;
    expect(JSON.parse(audit.after!)).toMatchObject({ type: 'risk', probability: 4, impact: 5, ownerId: analyst.id });

    const decision = logRaidItem(ctx(db, analyst), {
      projectId: nw,
      type: 'decision',
      title: 'Quarterly bonus capped at 150 %',
      decidedBy: 'Steering committee',
      decidedOn: '2026-11-02',
      basis: 'Cost model of scenario 2 within budget.',
      probability: '3',
    });
    expect(decision).toMatchObject({ type: 'decision', probability: null, decidedBy: 'Steering committee' });

    const e = await refusal(() => logRaidItem(ctx(db, pm), { projectId: nw, type: 'issue', title: 'No', severity: '9', dueDate: 'soon' }));
    expect(e.fieldErrors).toMatchObject({
      title: expect.stringContaining('at least 3'),
      severity: expect.stringContaining('1 (critical)'),
      ownerId: 'Choose who owns it.',
      dueDate: expect.stringContaining('YYYY-MM-DD'),
    });
  });

  it('refuses an owner who is not on the project, a firm that is not its vendor, and anyone who may not write', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm, stakeholder, vendor, vendor2 } = demo.people;
    const e = await refusal(() => logRaidItem(ctx(db, pm), riskForm(nw, vendor2.id, { sharedWithFirmId: String(vendor2.vendorFirmId) })));
    expect(e.fieldErrors).toEqual({
      ownerId: 'The owner must be a member of this project.',
      sharedWithFirmId: 'Share it only with a vendor firm of this project.',
    });
    expect((await refusal(() => logRaidItem(ctx(db, stakeholder), riskForm(nw, pm.id)))).code).toBe('forbidden');
    expect((await refusal(() => logRaidItem(ctx(db, vendor), riskForm(nw, pm.id)))).code).toBe('forbidden');
  });

  it('edits against the version shown; a stale version is refused and overwrites nothing', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm, analyst } = demo.people;
    const risk = logRaidItem(ctx(db, pm), riskForm(nw, analyst.id));
    const edited = editRaidItem(ctx(db, analyst), {
      ...riskForm(nw, analyst.id, { probability: '2', mitigation: 'Manual extract agreed' }),
      itemId: String(risk.id),
      version: '1',
    });
    expect(edited).toMatchObject({ version: 2, probability: 2, mitigation: 'Manual extract agreed' });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'raid.edited'), eq(auditLog.subjectId, risk.key)))
      .get()!;
    expect(JSON.parse(audit.before!)).toMatchObject({ version: 1, probability: 4, mitigation: '' });
    expect(JSON.parse(audit.after!)).toMatchObject({ version: 2, probability: 2, mitigation: 'Manual extract agreed' });

    const rows = auditRows(db);
    const stale = await refusal(() => editRaidItem(ctx(db, pm), { ...riskForm(nw, analyst.id, { impact: '1' }), itemId: String(risk.id), version: '1' }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toContain('changed by someone else');
    expect(stale.message).toContain('version 1');
    expect(db.select().from(raidItems).where(eq(raidItems.id, risk.id)).get()).toMatchObject({ version: 2, impact: 5, probability: 2 });
    expect(auditRows(db)).toBe(rows);
    const retyped = await refusal(() =>
      editRaidItem(ctx(db, pm), { projectId: nw, itemId: risk.id, version: 2, type: 'dependency', title: 'Now a dependency' }),
    );
    expect(retyped.fieldErrors.type).toContain('does not change');
  });

  it('closes an issue only with a resolution, records who and when, and keeps it readable; reopens with a reason', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm, analyst, viewer } = demo.people;
    const issue = logRaidItem(ctx(db, pm), {
      projectId: nw,
      type: 'issue',
      title: 'Quota file has duplicates',
      severity: '2',
      ownerId: analyst.id,
      dueDate: '2026-12-01',
    });
    const rows = auditRows(db);
    const e = await refusal(() => closeRaidItem(ctx(db, pm), { projectId: nw, itemId: issue.id, version: issue.version }));
    expect(e.fieldErrors.resolution).toBe('Say how the issue was resolved before closing it.');
    expect(auditRows(db)).toBe(rows);
    const closed = closeRaidItem(ctx(db, pm), { projectId: nw, itemId: issue.id, version: issue.version, resolution: 'Deduplicated at source.' });
    expect(closed).toMatchObject({
      status: 'closed',
      resolution: 'Deduplicated at source.',
      closedBy: pm.id,
      closedAt: '2026-11-30T12:00:00.000Z',
      version: 2,
    });
    const page = raidItemPage(db, viewer, { projectId: nw, itemId: issue.id }, '2026-12-31');
    expect(page.item).toMatchObject({ status: 'closed', closedByName: pm.name, overdue: false });
    expect(page.history.map((h) => h.action)).toEqual(['RAID item closed', 'RAID item logged']);
    expect(page.write).toBe(false);

    expect((await refusal(() => reopenRaidItem(ctx(db, pm), { projectId: nw, itemId: issue.id, version: 2, reason: 'no' }))).fieldErrors.reason).toBeTruthy();
    const reopened = reopenRaidItem(ctx(db, analyst), { projectId: nw, itemId: issue.id, version: 2, reason: 'Duplicates are back in the November file.' });
    expect(reopened).toMatchObject({ status: 'open', closedBy: null, closedAt: null, version: 3 });
    // An action closes without a resolution.
    const action = logRaidItem(ctx(db, pm), { projectId: nw, type: 'action', title: 'Book the cutover rehearsal', ownerId: pm.id, dueDate: '2026-12-10' });
    expect(closeRaidItem(ctx(db, pm), { projectId: nw, itemId: action.id, version: 1 }).status).toBe('closed');
  });

  it('links to requirements, deliverables, defects and other items of the project, shown both ways; another project’s is refused', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const contoso = demo.projects.contoso.id;
    const { pm, analyst } = demo.people;
    const a = logRaidItem(ctx(db, pm), riskForm(nw, analyst.id));
    const b = logRaidItem(ctx(db, pm), { projectId: nw, type: 'dependency', title: 'IT delivers the HR feed' });
    const req = db.select().from(requirements).where(eq(requirements.projectId, nw)).get()!;
    const dlv = db.select().from(deliverables).where(eq(deliverables.projectId, nw)).get()!;
    linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `requirement:${req.id}` });
    linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `deliverable:${dlv.id}` });
    linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `raid:${b.id}` });
    expect(raidItemPage(db, pm, { projectId: nw, itemId: a.id }, today).links.map((l) => l.key)).toEqual([req.key, dlv.key, b.key]);
    const fromB = raidItemPage(db, pm, { projectId: nw, itemId: b.id }, today).links;
    expect(fromB).toEqual([expect.objectContaining({ key: a.key, direction: 'from', type: 'raid' })]);
    expect((await refusal(() => linkRaidItem(ctx(db, pm), { projectId: nw, itemId: b.id, target: `raid:${a.id}` }))).message).toContain('already linked');
    expect((await refusal(() => linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `raid:${a.id}` }))).fieldErrors.target).toContain('itself');

    // Across projects: a Contoso requirement or deliverable, and a Contoso item.
    const rows = auditRows(db);
    const otherDlv = db.select().from(deliverables).where(eq(deliverables.projectId, contoso)).get()!;
    const e = await refusal(() => linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `deliverable:${otherDlv.id}` }));
    expect(e.fieldErrors.target).toBe('There is no such deliverable in this project.');
    const contosoItem = logRaidItem(ctx(db, pm), { projectId: contoso, type: 'dependency', title: 'Contoso data warehouse' });
    expect((await refusal(() => linkRaidItem(ctx(db, pm), { projectId: nw, itemId: a.id, target: `raid:${contosoItem.id}` }))).code).toBe('invalid');
    expect((await refusal(() => linkRaidItem(ctx(db, pm), { projectId: contoso, itemId: a.id, target: `raid:${contosoItem.id}` }))).code).toBe('not_found');
    expect(auditRows(db)).toBe(rows + 1);

    // Unlinking from the other end removes the one stored link.
    const link = fromB[0]!;
    unlinkRaidItem(ctx(db, analyst), { projectId: nw, itemId: b.id, linkId: link.id });
    expect(db.select().from(raidLinks).where(eq(raidLinks.id, link.id)).get()).toBeUndefined();
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'raid.unlinked')).get()?.subjectId).toBe(b.key);
  });

  it('a vendor representative reads only the items shared with their firm; another item is not found', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm, analyst, vendor, vendor2 } = demo.people;
    const acme = acmeOf(db);
    const shared = logRaidItem(ctx(db, pm), riskForm(nw, analyst.id, { title: 'Acme consultant leaves in January', sharedWithFirmId: String(acme) }));
    const internal = logRaidItem(ctx(db, pm), riskForm(nw, analyst.id, { title: 'Internal: Acme budget overrun' }));
    const page = raidLogPage(db, vendor, nw, today);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.sharedWithFirmId === acme)).toBe(true);
    expect(page.items.map((i) => i.key)).toContain(shared.key);
    expect(page.write).toBe(false);
    expect(raidItemPage(db, vendor, { projectId: nw, itemId: shared.id }, today).item.title).toBe('Acme consultant leaves in January');
    // Linked to a requirement: the vendor sees neither the link nor its key in the history.
    const req = db.select().from(requirements).where(eq(requirements.projectId, nw)).get()!;
    linkRaidItem(ctx(db, pm), { projectId: nw, itemId: shared.id, target: `requirement:${req.id}` });
    const seen = raidItemPage(db, vendor, { projectId: nw, itemId: shared.id }, today);
    expect(seen.links).toEqual([]);
    expect(JSON.stringify(seen.history)).not.toContain(req.key);
    expect(seen.history.map((h) => h.action)).toEqual(['RAID item linked', 'RAID item logged']);
    expect((await refusal(() => raidItemPage(db, vendor, { projectId: nw, itemId: internal.id }, today))).code).toBe('not_found');
    // Bluestone's representative is not on Northwind; on Contoso nothing is shared with Bluestone: no RAID log at all.
    expect((await refusal(() => raidLogPage(db, vendor2, nw, today))).code).toBe('not_found');
    expect((await refusal(() => raidLogPage(db, vendor2, demo.projects.contoso.id, today))).code).toBe('not_found');
  });

  it('imports a CSV: every bad row by its line and nothing imported; a good file logs each row, audited', async () => {
    const { db, demo } = await seededDb();
    const nw = demo.projects.northwind.id;
    const { pm } = demo.people;
    const count = () => db.select().from(raidItems).where(eq(raidItems.projectId, nw)).all().length;
    const before = count();
    const rows = auditRows(db);
    const header = 'type,title,owner_email,probability,impact,next_review_date,severity,due_date,validate_by,decided_by,decided_on,basis,shared_with_firm';
    const bad = [
      header,
      'risk,Data late,analyst@demo.test,4,5,2026-12-20,,,,,,,',
      'risk,No impact,analyst@demo.test,4,,2026-12-20,,,,,,,',
      'issue,Unknown owner,nobody@demo.test,,,,2,2026-12-01,,,,,',
      'assumption,Valid,,,,,,,2027-01-15,,,,',
      'gossip,Not a type,,,,,,,,,,,',
      'action,Share with a stranger,pm@demo.test,,,,,2026-12-01,,,,,Bluestone Analytics',
    ].join('\n');
    const e = await refusal(() => importRaidItems(ctx(db, pm), { projectId: nw, csv: bad }));
    expect(e.message).toBe('Nothing was imported: 4 problems in the file.');
    expect(e.problems).toEqual([
      { line: 3, message: 'impact: Give the impact, 1 (low) to 5 (high).' },
      { line: 4, message: 'owner_email: nobody@demo.test is not a member of this project' },
      { line: 6, message: 'type: choose one of risk, assumption, issue, dependency, action, decision' },
      { line: 7, message: 'shared_with_firm: Share it only with a vendor firm of this project.' },
    ]);
    expect(count()).toBe(before);
    expect(auditRows(db)).toBe(rows);

    const good = [header, 'risk,Data late,analyst@demo.test,4,5,2026-12-20,,,,,,,Acme ICM Partners', 'assumption,"HR feed, daily",,,,,,,2027-01-15,,,,'].join(
      '\r\n',
    );
    const keys = importRaidItems(ctx(db, pm), { projectId: nw, csv: good });
    expect(keys).toHaveLength(2);
    expect(count()).toBe(before + 2);
    expect(db.select().from(raidItems).where(eq(raidItems.key, keys[1]!)).get()).toMatchObject({
      type: 'assumption',
      title: 'HR feed, daily',
      validateBy: '2027-01-15',
    });
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'raid.imported'))
        .all()
        .map((a) => a.subjectId),
    ).toEqual(keys);

    const limits = await refusal(() => importRaidItems(ctx(db, pm), { projectId: nw, csv: `${header}\n${'x'.repeat(1024 * 1024)}` }));
    expect(limits.fieldErrors.csv).toContain('larger than 1 MB');
    const many = [header, ...Array.from({ length: 2001 }, (_, i) => `dependency,Dependency ${i},,,,,,,,,,,`)].join('\n');
    const tooMany = await refusal(() => importRaidItems(ctx(db, pm), { projectId: nw, csv: many }));
    expect(tooMany.message).toContain('at most 2,000');
    expect(tooMany.problems[0]!.line).toBe(2002);
  });
});
