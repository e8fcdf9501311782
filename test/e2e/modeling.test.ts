/**
 * Issue 13 over HTTP: a viewer reads Northwind's seeded scenario "Raise the top tier to 3 %" (the
 * changes in words, the base and the scenario with their difference, the pay curve with its table);
 * an analyst refused for a bad change sees the error next to its field and nothing is stored.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { auditLog, modelingScenarios, projects } from '~/db/schema';
import { Decimal } from '~/engine';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('plan modeling pages', () => {
  let portal: Portal;
  let projectId: number;
  let scenarioId: number;
  const scenarioVersion = () => {
    const db = openDatabase(portal.dbPath);
    const v = db.select().from(modelingScenarios).where(eq(modelingScenarios.id, scenarioId)).get()!.planVersionId;
    db.$client.close();
    return v;
  };
  const rows = () => {
    const db = openDatabase(portal.dbPath);
    const n = { audit: db.select().from(auditLog).all().length, scenarios: db.select().from(modelingScenarios).all().length };
    db.$client.close();
    return n;
  };
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    scenarioId = db.select().from(modelingScenarios).where(eq(modelingScenarios.name, 'Raise the top tier to 3 %')).get()!.id;
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('a viewer reads a scenario: its change in words, the figures against the base, the pay curve', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const list = text(await (await viewer.get(`/projects/${projectId}/modeling`)).text());
    expect(list).toContain('Commercial bankers, 2026-Q1 (generated)');
    expect(list).toMatch(/Raise the top tier to 3 %.*Quotas \+10 %/);
    expect(list).not.toContain('Upload the dataset');
    const res = await viewer.get(`/projects/${projectId}/modeling/scenarios/${scenarioId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('2,000 participants, 200,000 transactions');
    const row = /Total incentive cost ([\d,.]+) ([\d,.]+) \+([\d,.]+)/.exec(page);
    expect(row, page.slice(0, 3000)).not.toBeNull();
    const [, base, scenario, difference] = row!.map((v) => v.replaceAll(',', ''));
    // A richer top tier costs more, and the difference is the scenario minus the base.
    expect(new Decimal(scenario!).gt(base!)).toBe(true);
    expect(new Decimal(scenario!).minus(base!).toFixed(2)).toBe(new Decimal(difference!).toFixed(2));
    expect(page).toContain('Attainment distribution');
    expect(html).toContain('<title');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(page).toContain('The pay curve’s points');
    expect(page).not.toContain('Promote to a draft');

    // Compared side by side with the other seeded scenario: the same figures, the base first.
    const db = openDatabase(portal.dbPath);
    const quotas = db.select().from(modelingScenarios).where(eq(modelingScenarios.name, 'Quotas +10 %')).get()!.id;
    db.$client.close();
    const compare = await viewer.get(`/projects/${projectId}/modeling/compare?scenario=${scenarioId}&scenario=${quotas}`);
    expect(compare.status).toBe(200);
    const side = text(await compare.text());
    expect(side).toMatch(/Base .* Raise the top tier to 3 % .* Quotas \+10 %/);
    expect(side).toContain(
      `Total incentive cost ${Number(base).toLocaleString('en-US', { minimumFractionDigits: 2 })} ${Number(scenario).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
    );
    expect((await viewer.get(`/projects/${projectId}/modeling/compare?scenario=1&scenario=2&scenario=3&scenario=4&scenario=5`)).status).toBe(400);
  });

  it('an analyst’s change the plan cannot take is refused next to its field; nothing is stored', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const db = openDatabase(portal.dbPath);
    const scenario = db.select().from(modelingScenarios).where(eq(modelingScenarios.id, scenarioId)).get()!;
    db.$client.close();
    const before = rows();
    const res = await analyst.post(`/projects/${projectId}/modeling`, {
      intent: 'createScenario',
      name: 'Tier nine',
      planVersionId: String(scenario.planVersionId),
      datasetId: String(scenario.datasetId),
      tierComponentId: 'loan_commission',
      tierNumber: '9',
      tierRate: '0.05',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p id="[^"]*-error" class="field-error">[^<]*tier/);
    expect(rows()).toEqual(before);
  });

  it('a sweep starts (audited), runs step by step in the worker, and refuses a vendor and a bad range', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const vendor = await signIn(portal, 'vendor@demo.test', demoPassword);
    const url = `/projects/${projectId}/modeling/scenarios/${scenarioId}/sweep`;
    const fields = { variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.06', steps: '7' };
    const before = rows();
    const started = await viewer.post(url, fields);
    expect(started.status).toBe(200);
    const body = (await started.json()) as { label: string; values: string[] };
    expect(body.values).toHaveLength(7);
    expect(rows().audit).toBe(before.audit + 1);
    const first = await viewer.post(url, { ...fields, step: '0' });
    const last = await viewer.post(url, { ...fields, step: '6' });
    const [a, b] = [(await first.json()) as { totalCost: string }, (await last.json()) as { totalCost: string }];
    expect(new Decimal(b.totalCost).gt(a.totalCost)).toBe(true);
    expect(rows().audit).toBe(before.audit + 1);

    const bad = await viewer.post(url, { ...fields, steps: '1' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fieldErrors: Record<string, string> }).fieldErrors.steps).toMatch(/from 2 to 50/);
    expect((await vendor.post(url, { ...fields, step: '0' })).status).toBe(403);
    expect(rows().audit).toBe(before.audit + 1);
  });

  it('a dataset’s page shows the plan run on all of it, its scenarios, and makes a scenario beside the plan in words', async () => {
    const db = openDatabase(portal.dbPath);
    const datasetId = db.select().from(modelingScenarios).where(eq(modelingScenarios.id, scenarioId)).get()!.datasetId;
    db.$client.close();
    const url = `/projects/${projectId}/modeling/datasets/${datasetId}`;
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const page = text(await (await viewer.get(url)).text());
    expect(page).toContain('Commercial bankers, 2026-Q1 (generated)');
    expect(page).toMatch(/NW-CB-2026 version \d+ on this dataset/);
    expect(page).toMatch(/Total incentive cost [\d,.]+ USD/);
    expect(page).toContain('Raise the top tier to 3 %');
    expect(page).not.toContain('New scenario');

    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    expect(text(await (await analyst.get(url)).text())).toMatch(/New scenario.*in words/);
    const before = rows();
    const bad = await analyst.post(url, { intent: 'createScenario', name: 'Q', planVersionId: '999999' });
    expect(bad.status).toBe(400);
    expect(rows()).toEqual(before);
    const made = await analyst.post(url, {
      intent: 'createScenario',
      name: 'Quotas +5 % from the dataset',
      quotaPercent: '5',
      planVersionId: String(scenarioVersion()),
    });
    expect(made.status).toBe(302);
    expect(made.headers.get('location')).toMatch(/\/modeling\/scenarios\/\d+$/);
    expect(rows().scenarios).toBe(before.scenarios + 1);
  });
});
