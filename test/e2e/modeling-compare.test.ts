/**
 * Issue 13, Compare, over HTTP: a viewer compares Northwind's two seeded scenarios and reads who gains
 * and who loses under each; the CSV of per-participant deltas has one row per participant of the
 * seeded dataset under a header naming each scenario, and asking for no scenario is a 400.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { modelingScenarios, projects } from '~/db/schema';
import { Decimal } from '~/engine';
import { demoPassword } from '~/seeds/demo';
import { parseCsv } from '~/workflows/csv';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

describe('comparing scenarios: who gains and who loses, and the CSV', () => {
  let portal: Portal;
  let projectId: number;
  let top: number;
  let quotas: number;
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    const id = (name: string) => db.select().from(modelingScenarios).where(eq(modelingScenarios.name, name)).get()!.id;
    top = id('Raise the top tier to 3 %');
    quotas = id('Quotas +10 %');
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('the page shows the gains and falls per scenario, a pay curve per column and the CSV link', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const res = await viewer.get(`/projects/${projectId}/modeling/compare?scenario=${top}&scenario=${quotas}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    expect(page).toContain('Who gains and who loses under Raise the top tier to 3 %');
    expect(page).toContain('Who gains and who loses under Quotas +10 %');
    expect(page).toMatch(/\d+ participants? gains?, \d+ participants? loses?/);
    expect(page).toContain('Largest gains under Raise the top tier to 3 %');
    expect(html.match(/<svg[^>]*role="img"/g)).toHaveLength(3);
    expect(html).toContain(`/projects/${projectId}/modeling/compare.csv?scenario=${top}&amp;scenario=${quotas}`);
    expect(page).toContain('Download per-participant deltas (CSV)');
  });

  it('the CSV has a header naming each scenario and one row per participant, the largest gain first', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const res = await viewer.get(`/projects/${projectId}/modeling/compare.csv?scenario=${top}&scenario=${quotas}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="project-\d+-compare-\d+-\d+-deltas\.csv"$/);
    const body = await res.text();
    const lines = body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'participant_id,role,base_payout,Raise the top tier to 3 % payout,Raise the top tier to 3 % delta,Quotas +10 % payout,Quotas +10 % delta',
    );
    const parsed = parseCsv(body);
    if ('error' in parsed) throw new Error(parsed.error);
    // the seeded dataset: 2,000 participants (test/e2e/modeling.test.ts)
    expect(parsed.records).toHaveLength(2000);
    expect(new Set(parsed.records.map((r) => r.cells[0])).size).toBe(2000);
    const first = parsed.records.map((r) => new Decimal(r.cells[4]!));
    for (let k = 1; k < first.length; k++) expect(first[k - 1]!.gte(first[k]!)).toBe(true);
  });

  it('no scenario, or five, is a 400; another project’s scenario is not found', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    expect((await viewer.get(`/projects/${projectId}/modeling/compare.csv`)).status).toBe(400);
    expect((await viewer.get(`/projects/${projectId}/modeling/compare.csv?scenario=1&scenario=2&scenario=3&scenario=4&scenario=5`)).status).toBe(400);
    expect((await viewer.get(`/projects/${projectId}/modeling/compare.csv?scenario=abc`)).status).toBe(404);
    expect((await viewer.get(`/projects/${projectId}/modeling/compare.csv?scenario=999999`)).status).toBe(404);
  });
});
