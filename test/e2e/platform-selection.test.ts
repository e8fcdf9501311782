/**
 * Issue 18 over HTTP, acceptance 3: blind scoring is enforced on the server. On Contoso's selection in
 * scoring, the sponsor (an evaluator who has not submitted) asking for the results or the decision
 * record — the pages that show other evaluators' scores — gets 404, and his own sheet shows none of
 * the analyst's scores; the analyst, who submitted, reads them. A vendor representative never sees a
 * selection. Northwind's decision record shows the scores, the ranking and the signatures.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('platform selection over HTTP', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);
  const contoso = () => one("SELECT id, project_id AS projectId FROM selections WHERE title = 'Territory and quota planning tool'");
  const northwind = () => one("SELECT id, project_id AS projectId FROM selections WHERE title = 'ICM platform for the commercial bank'");

  it('an evaluator who has not submitted gets 404 for every page that shows another evaluator’s scores', async () => {
    const s = contoso();
    const base = `/projects/${s.projectId}/selections/${s.id}`;
    const sponsor = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    for (const page of ['/results', '/record']) expect((await sponsor.get(`${base}${page}`)).status, page).toBe(404);
    // His own sheet opens, with his draft and nothing of the analyst's.
    const sheet = await sponsor.get(`${base}/scores`);
    expect(sheet.status).toBe(200);
    const mine = text(await sheet.text());
    expect(mine).toContain('first impression');
    expect(mine).not.toContain('as the vendor demonstrated it');
    // The selection's own page offers no link to results he may not read.
    expect(text(await (await sponsor.get(base)).text())).not.toContain('Decision record');
    // Nor the PM (not an evaluator) while scoring runs.
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    expect((await pm.get(`${base}/results`)).status).toBe(404);
    // The analyst submitted: she reads the results.
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const results = await analyst.get(`${base}/results`);
    expect(results.status).toBe(200);
    expect(text(await results.text())).toContain('Counted: Ana Moreno; not counted (not submitted): Sam Okafor');
  });

  it('an incomplete sheet is refused with what is missing, and nothing is submitted', async () => {
    const s = contoso();
    const sponsor = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const res = await sponsor.post(`/projects/${s.projectId}/selections/${s.id}/scores`, { intent: 'submit' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Score every candidate on every criterion with a comment before submitting: 5 still missing.');
    expect(
      one(`SELECT count(*) AS n FROM workflow_events e JOIN selections s ON s.instance_id = e.instance_id WHERE s.id = ${s.id} AND e.type = 'SUBMIT'`).n,
    ).toBe(1);
  });

  it('a refused cost amount is shown under its candidate’s table, its cell marked, and no cost line changes', async () => {
    const s = contoso();
    const [first, second] = [0, 1].map((k) => one(`SELECT id FROM selection_candidates WHERE selection_id = ${s.id} ORDER BY id LIMIT 1 OFFSET ${k}`).id);
    const costs = () => one(`SELECT count(*) AS n, coalesce(group_concat(amount), '') AS amounts FROM selection_costs WHERE candidate_id = ${first}`);
    const before = costs();
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const res = await pm.post(`/projects/${s.projectId}/selections/${s.id}`, {
      intent: 'costs',
      candidateId: String(first),
      'cost.licences.1': '90000',
      'cost.licences.2': '12k',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain('Licences, year 2: An amount such as 120000 or 950.50 (no currency sign).');
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(1);
    expect(html).toContain(`id="costs-error-${first}"`);
    expect(html).not.toContain(`id="costs-error-${second}"`);
    expect(costs()).toEqual(before);
  });

  it('a vendor representative never sees a selection: 404', async () => {
    const vendor = await signIn(portal, 'vendor@demo.test', demoPassword);
    const s = northwind();
    for (const page of ['', `/${s.id}`, `/${s.id}/results`, `/${s.id}/record`])
      expect((await vendor.get(`/projects/${s.projectId}/selections${page}`)).status, page).toBe(404);
    expect(text(await (await vendor.get(`/projects/${s.projectId}`)).text())).not.toMatch(/\bSelection\b/);
  });

  it('Northwind’s decision record: criteria and weights, every score and comment, the ranking, robustness and the signatures', async () => {
    const s = northwind();
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const res = await viewer.get(`/projects/${s.projectId}/selections/${s.id}/record`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain('Meridian Incentives (Meridian Software): signed by Sam Okafor on 2026-06-29');
    expect(page).toContain('Sum 100');
    expect(page).toContain('The smallest single change of weight that makes them tie');
    expect(page).toMatch(/Fiona Lindqvist Meridian Incentives \(Meridian Software\) Plan mechanics: tiers, accelerators, SPIFs 5 Excellent/);
    expect(page).toContain('approved as business owner');
    expect(page).toContain('Ranking under each evaluator’s scores alone');
  });
});
