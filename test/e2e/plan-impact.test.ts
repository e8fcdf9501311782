/**
 * Issue 11, "what the change does, before anyone signs", over HTTP: NW-RM-2026 version 2 (the cap,
 * waiting in approval in the seed) beside version 1 (in effect): the plan in words with the changed
 * sentences marked, the payout impact of TC-004's dataset (the RM at 140 % loses 1,500.00 to the cap),
 * the CSV export of every participant, an uploaded dataset (not stored), and a vendor refused.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { auditLog, plans, projects, testCases } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('what a plan version changes: the impact page and its CSV export', () => {
  let portal: Portal;
  let versionPath: string;
  let caseId: number;
  let dataset: { period: string; participantsCsv: string; quotasCsv: string; transactionsCsv: string };
  const auditRows = () => {
    const db = openDatabase(portal.dbPath);
    const n = db.select().from(auditLog).all().length;
    db.$client.close();
    return n;
  };
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    const projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    const rmId = db
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-RM-2026')))
      .get()!.id;
    const tc4 = db
      .select()
      .from(testCases)
      .where(and(eq(testCases.projectId, projectId), eq(testCases.key, 'TC-004')))
      .get()!;
    expect(tc4.planId).toBe(rmId);
    caseId = tc4.id;
    dataset = { period: tc4.period!, participantsCsv: tc4.participantsCsv!, quotasCsv: tc4.quotasCsv!, transactionsCsv: tc4.transactionsCsv! };
    db.$client.close();
    versionPath = `/projects/${projectId}/plans/${rmId}/versions/2`;
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('the version page links to it; a viewer reads the words side by side and the per-component table', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const versionHtml = await (await viewer.get(versionPath)).text();
    expect(versionHtml).toContain(`href="${versionPath}/impact"`);
    expect(text(versionHtml)).toContain('What this change does');

    const res = await viewer.get(`${versionPath}/impact?source=case:${caseId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('Compared with version 1, the version in effect today (from 2026-10-01)');
    // The words: the curve's last point removed, the cap added, each said in words (not colour only).
    expect(html).toMatch(/<del><span class="visually-hidden">Removed: <\/span>200% attainment pays 300%<\/del>/);
    expect(html).toMatch(/<ins><span class="visually-hidden">Added: <\/span>Capped at most 150% of target incentive\.<\/ins>/);
    expect(page).toMatch(/Quarterly bonus \(quarterly_bonus\) changed/);
    expect(page).toMatch(/Referral incentive \(referral_incentive\) unchanged/);
    // The impact: 140 % attainment pays 180 % of a 5,000 target uncapped (9,000.00), 150 % capped (7,500.00).
    expect(page).toContain('Quarterly bonus 9,000.00 7,500.00 −1,500.00');
    expect(page).toMatch(/Total [\d,.]+ [\d,.]+ −1,500\.00/);
    expect(page).toContain('1 of 1 participants paid by either version are paid differently. The tables below show at most 10 each way');
    expect(page).toMatch(/Paid less: the largest falls first \(1\) .*9,000\.00 7,500\.00 −1,500\.00/);
    expect(page).toContain('Nobody is paid more.');
    expect(html).toContain(`href="${versionPath}/impact.csv?source=case%3A${caseId}"`);
  });

  it('the CSV export has every participant, negative differences as numbers, with a CSV type and a file name', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const res = await viewer.get(`${versionPath}/impact.csv?source=case:${caseId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="plan-\d+-v2-impact-case-\d+\.csv"/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('participant_id,name,before_v1,after_v2,difference');
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/,9000\.00,7500\.00,-1500\.00$/);
    expect((await viewer.get(`${versionPath}/impact.csv?source=nonsense`)).status).toBe(400);
  });

  it('an uploaded dataset is compared and exported without being stored', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const form = () => {
      const f = new FormData();
      f.append('period', dataset.period);
      for (const k of ['participantsCsv', 'quotasCsv', 'transactionsCsv'] as const) f.append(k, new Blob([dataset[k]], { type: 'text/csv' }), `${k}.csv`);
      return f;
    };
    const post = (path: string, body: FormData) =>
      fetch(`${portal.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: viewer.cookie!, Origin: portal.url }, body });
    const before = auditRows();
    const page = await post(`${versionPath}/impact`, form());
    expect(page.status).toBe(200);
    const words = text(await page.text());
    expect(words).toContain('Dataset: The uploaded dataset (not stored)');
    expect(words).toContain('Quarterly bonus 9,000.00 7,500.00 −1,500.00');
    const csv = await post(`${versionPath}/impact.csv`, form());
    expect(csv.headers.get('content-disposition')).toMatch(/impact-uploaded\.csv"/);
    expect((await csv.text()).trim().split('\r\n')[1]).toMatch(/,9000\.00,7500\.00,-1500\.00$/);
    expect(auditRows()).toBe(before);

    const empty = new FormData();
    empty.append('period', '');
    const refused = await post(`${versionPath}/impact`, empty);
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain('Give the period, e.g. 2026-Q1.');
  });

  it('a vendor representative sees nothing of it', async () => {
    const vendor = await signIn(portal, 'vendor@demo.test', demoPassword);
    expect([403, 404]).toContain((await vendor.get(`${versionPath}/impact?source=case:${caseId}`)).status);
    expect([403, 404]).toContain((await vendor.get(`${versionPath}/impact.csv?source=case:${caseId}`)).status);
    const upload = new FormData();
    for (const [k, v] of Object.entries(dataset)) upload.append(k, v);
    for (const path of [`${versionPath}/impact`, `${versionPath}/impact.csv`]) {
      const res = await fetch(`${portal.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: vendor.cookie!, Origin: portal.url },
        body: upload,
      });
      expect([403, 404], `POST ${path} as vendor`).toContain(res.status);
    }
  });
});
