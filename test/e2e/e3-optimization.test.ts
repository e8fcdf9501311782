/**
 * Issue 17 (E3) over HTTP: the Optimization area is offered on Contoso (an optimization project) and
 * not on Northwind; the overview shows every KPI with its formula and the seeded review; a refused upload
 * lists every bad line with its file and line number on the page and keeps nothing; the review page
 * compares every tracked KPI with the baseline and the target and shows the finding that became CR-001.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('E3 optimization pages', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('the area is on Contoso only; the overview, baseline and review read as the seed left them', async () => {
    const viewer = await signIn(portal, 'viewer@demo.test', demoPassword);
    const contoso = await (await viewer.get('/projects/2')).text();
    expect(contoso).toContain('href="/projects/2/optimization"');
    expect(text(contoso)).toMatch(/Due 2027-03-05 ?Next E3 review/);
    expect(await (await viewer.get('/projects/1')).text()).not.toContain('/optimization"');

    const overview = text(await (await viewer.get('/projects/2/optimization')).text());
    expect(overview).toMatch(/Cycle 1: Evolving/);
    expect(overview).toMatch(/Baseline 2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3, signed by Sam Okafor on 2026-09-04/);
    expect(overview).toMatch(/Review 1 2026-Q3 2026-12-04 3 2 \(1 became a change request\)/);
    expect(overview).toContain('Formula The top decile’s mean payout ÷ the median payout.');
    expect(overview).not.toContain('Start the review');

    const baseline = text(await (await viewer.get('/projects/2/optimization/baseline')).text());
    expect(baseline).toMatch(/Frozen: these values were computed when it was signed/);
    expect(baseline).not.toContain('Sign the baseline');

    const review = text(await (await viewer.get('/projects/2/optimization/reviews/1')).text());
    expect(review).toMatch(/Disputes per 100 participants Formula .*? 5\.63 22\.50 6 ± 2 Worse Worse/);
    expect(review).toMatch(/Cost of sales Formula .*? Within tolerance/);
    expect(review).toMatch(/Became change request CR-001\./);
    expect(review).not.toContain('Turn into a change request');
  });

  it('a refused upload lists every bad line on the page and keeps nothing; a good one is listed', async () => {
    const analyst = await signIn(portal, 'analyst@demo.test', demoPassword);
    const periods = () => Number(one('SELECT count(*) AS n FROM programme_periods').n);
    const before = periods();
    const refused = await analyst.post('/projects/2/optimization/data', {
      period: '2099-Q1',
      closeDate: '2099-03-31',
      paymentDate: '2099-04-20',
      results: 'participant,component,payout,capped,quota,credited_revenue\nA1,Revenue,100,no,1000,900\nA2,Revenue,abc,no,1000,900\nA3,,5,no,1000,900',
      events: 'kind,participant,amount,raised_on,resolved_on\ndispute,ZZ,5,2099-04-01,',
    });
    expect(refused.status).toBe(400);
    const page = text(await refused.text());
    expect(page).toContain('Nothing was uploaded: 3 problems in the files.');
    expect(page).toMatch(/Results file line 3: payout: &quot;abc&quot; is not an amount/);
    expect(page).toMatch(/Results file line 4: component: name the plan component/);
    expect(page).toMatch(/Events file line 2: participant: ZZ has no line in the results file/);
    expect(periods()).toBe(before);

    const empty = await analyst.post('/projects/2/optimization/data', { period: 'Q1', closeDate: '', paymentDate: '', results: '' });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toMatch(/class="field-error">Name the period as 2025-Q1/);
    expect(html).toMatch(/class="field-error">Choose the results file/);

    const ok = await analyst.post('/projects/2/optimization/data', {
      period: '2099-Q1',
      closeDate: '2099-03-31',
      paymentDate: '2099-04-20',
      results: 'participant,component,payout,capped,quota,credited_revenue\nA1,Revenue,100,no,1000,900',
      events: '',
    });
    expect(ok.status).toBe(200);
    expect(text(await ok.text())).toContain('2099-Q1 uploaded: 1 participants, 1 result lines, 0 events.');
    expect(periods()).toBe(before + 1);
  });
});
