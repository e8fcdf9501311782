/**
 * Issue 11, the plan document over HTTP: the printable document of NW-CB-2026 version 1 shows the plan
 * in words, five worked illustrations computed by the engine and the approval record of the seed;
 * the version page links to it; a vendor may not read it, as they may not read the version page.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { plans, planVersions, projects } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('the printable plan document of a plan version', () => {
  let portal: Portal;
  let path: string;
  let versionPath: string;
  let fingerprint: string;
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    const projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    const cbId = db
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
      .get()!.id;
    fingerprint = db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, cbId), eq(planVersions.number, 1)))
      .get()!.documentHash;
    db.$client.close();
    versionPath = `/projects/${projectId}/plans/${cbId}/versions/1`;
    path = `${versionPath}/document`;
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('NW-CB-2026 v1: the plan in words and tiers, five engine illustrations and the seeded approval record', async () => {
    const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const res = await stakeholder.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('Commercial banker plan 2026: plan document');
    expect(page).toContain('Loan commission');
    expect(page).toMatch(/From attainment Up to Rate 0% 50% 0% 50% 100% 1\.5% 100% and above 2\.5%/);
    // 1,000,000 quota; marginal tiers: 1.5 % of the slice from 50 % to 100 %, 2.5 % above 100 %.
    expect(page).toContain('target incentive of 40,000 USD and a quota of 1,000,000 USD per quarter');
    expect(page).toContain('At 50% of quota: credited revenue 500,000 USD Component Payout (USD) Loan commission 0.00 Total 0.00');
    expect(page).toContain('At 80% of quota: credited revenue 800,000 USD Component Payout (USD) Loan commission 4,500.00 Total 4,500.00');
    expect(page).toContain('At 100% of quota: credited revenue 1,000,000 USD Component Payout (USD) Loan commission 7,500.00 Total 7,500.00');
    expect(page).toContain('At 120% of quota: credited revenue 1,200,000 USD Component Payout (USD) Loan commission 12,500.00 Total 12,500.00');
    expect(page).toContain('At 150% of quota: credited revenue 1,500,000 USD Component Payout (USD) Loan commission 20,000.00 Total 20,000.00');
    // The seed's route: sales operations and finance, then the business owner, all signing on 2026-10-08.
    const record = page.slice(page.indexOf('Approval record'));
    expect(record).toContain(`Fingerprint (SHA-256) ${fingerprint}`);
    expect(record).toContain(`Omar Reyes approved as sales operations 1 2026-10-08 14:00:00 ${fingerprint}`);
    expect(record).toContain(`Fiona Lindqvist approved as finance 1 2026-10-08 14:00:00 ${fingerprint}`);
    expect(record).toContain(`Sam Okafor approved as business owner 2 2026-10-08 14:00:00 ${fingerprint}`);
    // Printable: a Print button, hidden in print.
    expect(html).toMatch(/<button type="button" class="no-print">Print<\/button>/);
  });

  it('the version page links to the document, so stakeholders read it while signing', async () => {
    const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const html = await (await stakeholder.get(versionPath)).text();
    expect(html).toContain(`href="${path}"`);
    expect(text(html)).toContain('Read the plan document');
  });

  it('a vendor may not read it, as they may not read the version page', async () => {
    const vendor = await signIn(portal, 'vendor@demo.test', demoPassword);
    expect([403, 404]).toContain((await vendor.get(versionPath)).status);
    expect([403, 404]).toContain((await vendor.get(path)).status);
  });
});
