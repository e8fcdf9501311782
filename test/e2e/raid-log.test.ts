/**
 * Issue 14, the RAID log over HTTP: the PM reads Northwind's log (grid, overdue badges, exposure), logs
 * a risk through the page's form (and gets field errors next to the fields when it is wrong), reads the
 * item with its history and links, edits it from a stale page (409, nothing overwritten), exports the
 * log as CSV, and imports a CSV (bad rows reported by line, nothing imported; a good file imported).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { projects, raidItems } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { parseCsv } from '~/workflows/csv';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('the RAID log pages', () => {
  let portal: Portal;
  let projectId: number;
  let analystId: number;
  const items = () => {
    const db = openDatabase(portal.dbPath);
    const rows = db.select().from(raidItems).where(eq(raidItems.projectId, projectId)).all();
    db.$client.close();
    return rows;
  };
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    analystId = (db.$client.prepare("SELECT id FROM users WHERE email = 'analyst@demo.test'").get() as { id: number }).id;
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('the project page links the log; the grid shows every item with overdue badges and exposure', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    expect(text(await (await pm.get(`/projects/${projectId}`)).text())).toContain('RAID log');
    const res = await pm.get(`/projects/${projectId}/raid`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain('RAID log of Northwind Bank ICM implementation (26)');
    expect(page).toContain('Legacy payout extract arrives late for the parallel run');
    expect(page).toContain('20 (4 × 5, high)');
    expect(page).toMatch(/\d+ overdue\./);
    expect(page).toContain('Overdue');
    expect(page).toContain('Log an item');
    expect(page).toContain('Import from CSV');
    // A viewer reads the log without the forms.
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const viewed = text(await (await viewer.get(`/projects/${projectId}/raid`)).text());
    expect(viewed).toContain('Legacy payout extract');
    expect(viewed).not.toContain('Log an item');
    // Contoso's log is empty: the grid says so and offers the form.
    const contoso = (() => {
      const db = openDatabase(portal.dbPath);
      const id = db.select().from(projects).where(eq(projects.name, 'Contoso Retail E3 optimization')).get()!.id;
      db.$client.close();
      return id;
    })();
    expect(text(await (await pm.get(`/projects/${contoso}/raid`)).text())).toContain(
      'The log is empty: log the first risk, assumption, issue, dependency, action or decision below.',
    );
  });

  it('logs a risk from the form: errors next to the fields, then the item page with its history, links and a stale edit refused', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const before = items().length;
    const wrong = await pm.post(`/projects/${projectId}/raid`, { intent: 'log', type: 'risk', title: 'Go', probability: '7', impact: '', ownerId: '' });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    // Without JavaScript the page is drawn anew: what was typed comes back, with the risk's fields only.
    expect(wrongHtml).toMatch(/name="probability"[^>]*value="7"|value="7"[^>]*name="probability"/);
    expect(wrongHtml).not.toContain('name="validateBy"');
    const wrongPage = text(wrongHtml);
    expect(wrongPage).toContain('Check the highlighted fields.');
    expect(wrongPage).toContain('Give the probability, 1 (low) to 5 (high).');
    expect(wrongPage).toContain('Choose who owns it.');
    expect(items()).toHaveLength(before);

    const form = {
      intent: 'log',
      type: 'risk',
      title: 'Payroll cut-off moves to the 20th',
      description: 'Payroll announced an earlier cut-off.',
      probability: '3',
      impact: '4',
      mitigation: '',
      ownerId: String(analystId),
      nextReviewDate: '2027-01-08',
      // Fields of other types, as a page without JavaScript posts them: ignored.
      validateBy: '',
      dueDate: '',
      severity: '',
      decidedBy: '',
      decidedOn: '',
      basis: '',
      sharedWithFirmId: '',
    };
    const logged = await pm.post(`/projects/${projectId}/raid`, form);
    expect(logged.status).toBe(200);
    expect(text(await logged.text())).toContain('RAID-027 logged.');
    const item = items().find((i) => i.key === 'RAID-027')!;
    expect(item).toMatchObject({ type: 'risk', probability: 3, impact: 4, dueDate: null, version: 1 });

    const itemPath = `/projects/${projectId}/raid/${item.id}`;
    const linked = await pm.post(itemPath, { intent: 'link', target: `raid:${items().find((i) => i.key === 'RAID-001')!.id}` });
    expect(text(await linked.text())).toContain('Linked to RAID-001.');
    const page = text(await (await pm.get(itemPath)).text());
    expect(page).toContain('RAID-027 Payroll cut-off moves to the 20th');
    expect(page).toContain('Exposure 12 of 25 (probability 3 × impact 4): medium');
    expect(page).toContain('RAID item RAID-001 Legacy payout extract');
    expect(page).toContain('RAID item linked');
    expect(page).toContain('RAID item logged');
    // A defect's page lists the RAID items linking to it (the seeded issue on DEF-001).
    const defect = (() => {
      const db = openDatabase(portal.dbPath);
      const row = db.$client.prepare("SELECT id FROM defects WHERE project_id = ? AND key = 'DEF-001'").get(projectId) as { id: number };
      db.$client.close();
      return row.id;
    })();
    expect(text(await (await pm.get(`/projects/${projectId}/defects/${defect}`)).text())).toContain(
      'RAID items linked here Issue RAID-013 Quarterly bonus cap applied above 150 % of target',
    );
    // The other end shows the link too.
    expect(text(await (await pm.get(`/projects/${projectId}/raid/${items().find((i) => i.key === 'RAID-001')!.id}`)).text())).toContain(
      'RAID-027 Payroll cut-off moves to the 20th (links to this item)',
    );

    const edit = { ...form, intent: 'edit', version: '1', mitigation: 'Run payouts two days earlier.' };
    expect((await pm.post(itemPath, edit)).status).toBe(200);
    const stale = await pm.post(itemPath, { ...edit, mitigation: 'Overwrite attempt' });
    expect(stale.status).toBe(409);
    expect(text(await stale.text())).toContain('was changed by someone else since you opened it');
    expect(items().find((i) => i.key === 'RAID-027')).toMatchObject({ version: 2, mitigation: 'Run payouts two days earlier.' });

    const closeIssue = items().find((i) => i.type === 'issue' && i.status === 'open')!;
    const refused = await pm.post(`/projects/${projectId}/raid/${closeIssue.id}`, { intent: 'close', version: String(closeIssue.version), resolution: '' });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain('Say how the issue was resolved before closing it.');
  });

  it('exports the log as CSV and imports a CSV: bad rows by line and nothing imported, then a good file', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const res = await pm.get(`/projects/${projectId}/raid.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = parseCsv(await res.text());
    if ('error' in csv) throw new Error(csv.error);
    expect(csv.header.slice(0, 6)).toEqual(['key', 'type', 'title', 'status', 'overdue', 'exposure']);
    expect(csv.records).toHaveLength(items().length);
    const extract = csv.records.find((r) => r.cells[2] === 'Legacy payout extract arrives late for the parallel run')!;
    expect(extract.cells.slice(3, 6)).toEqual(['open', 'yes', '20']);

    const before = items().length;
    const bad = 'type,title,owner_email,due_date\naction,Good row,pm@demo.test,2027-01-10\naction,No owner,,2027-01-10\nrisk,No numbers,pm@demo.test,\n';
    const refused = await pm.post(`/projects/${projectId}/raid`, { intent: 'import', csv: bad });
    expect(refused.status).toBe(400);
    const page = text(await refused.text());
    expect(page).toContain('Nothing was imported: 2 problems in the file.');
    expect(page).toContain('Line 3: ownerId'.replace('ownerId', 'owner_email'));
    expect(page).toContain('Line 4: probability');
    expect(items()).toHaveLength(before);

    // The export's own file imports back (its key, status and computed columns are ignored).
    const exported = await (await pm.get(`/projects/${projectId}/raid.csv`)).text();
    const lines = exported.split('\r\n');
    // RAID-001 and RAID-003 (not RAID-002, which is shared with Acme: the last test counts what Acme sees).
    const ok = await pm.post(`/projects/${projectId}/raid`, { intent: 'import', csv: [lines[0], lines[1], lines[3]].join('\r\n') });
    expect(ok.status).toBe(200);
    expect(text(await ok.text())).toMatch(/2 items imported: RAID-\d+ to RAID-\d+\./);
    expect(items()).toHaveLength(before + 2);
  });

  it('Acme’s representative reads the two items shared with Acme and nothing else of the log', async () => {
    const vendor = await signIn(portal, 'vendor@demo.test', demoPassword);
    const page = text(await (await vendor.get(`/projects/${projectId}/raid`)).text());
    expect(page).toContain('RAID log of Northwind Bank ICM implementation (2)');
    expect(page).toContain('Acme’s lead configurator rolls off in January');
    expect(page).not.toContain('Legacy payout extract');
    const csv = await (await vendor.get(`/projects/${projectId}/raid.csv`)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    const hidden = items().find((i) => i.sharedWithFirmId === null)!;
    expect((await vendor.get(`/projects/${projectId}/raid/${hidden.id}`)).status).toBe(404);
  });
});
