/**
 * With two web workers (what `npm start` runs on two cores), each sends its long jobs to the primary
 * process's one job thread (workflows/jobs/pool.ts): a scenario page, a sweep step and a refusal all
 * come back through it as they do with one web worker.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { modelingScenarios, projects } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('jobs with two web workers', () => {
  let portal: Portal;
  let northwind: number;
  let contoso: number;
  let scenarioId: number;
  beforeAll(async () => {
    portal = await startPortal({ env: { WEB_CONCURRENCY: '2' } });
    const db = openDatabase(portal.dbPath);
    northwind = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    contoso = db
      .select()
      .from(projects)
      .all()
      .find((p) => p.id !== northwind)!.id;
    scenarioId = db.select().from(modelingScenarios).where(eq(modelingScenarios.name, 'Raise the top tier to 3 %')).get()!.id;
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('runs a scenario page, a sweep step and a refusal on the primary’s job thread', async () => {
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    for (let i = 0; i < 4; i++) expect(await (await admin.get('/healthz')).json()).toMatchObject({ status: 'ok', jobs: 'primary' });
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    for (let i = 0; i < 4; i++) {
      const page = await analyst.get(`/projects/${northwind}/modeling/scenarios/${scenarioId}`);
      expect(page.status).toBe(200);
      expect(text(await page.text())).toMatch(/Total incentive cost [\d,.]+ [\d,.]+ \+[\d,.]+/);
    }
    const url = `/projects/${northwind}/modeling/scenarios/${scenarioId}/sweep`;
    const step = await analyst.post(url, { variable: 'tier_rate:loan_commission:2', from: '0.03', to: '0.06', steps: '7', step: '3' });
    expect(step.status).toBe(200);
    expect(((await step.json()) as { value: string }).value).toBe('0.045');
    // a scenario of another project: refused on the job thread, answered as not found
    expect((await analyst.get(`/projects/${contoso}/modeling/scenarios/${scenarioId}`)).status).toBe(404);
  });
});
