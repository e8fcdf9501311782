import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { contents } from '../support/contents';
import { type client, type Portal, signIn, startPortal } from '../support/server';

/**
 * Issue 10 over HTTP: a variance report is neither submitted for sign-off nor signed while anything in
 * it is unexplained (a line over the threshold unclassified, or classified as a defect not yet verified
 * or closed); the refusal is a 422 naming the lines, and nothing is recorded. Its page shows each
 * line's variance % and opens a participant's explain trace.
 */
let portal: Portal;
const as = {} as Record<'tester' | 'stakeholder', ReturnType<typeof client>>;
let ids: { northwind: number; fabrikam: number; q3: number; plan: number; stakeholder: number; b3Defect: number };

const text = async (res: Response) => (await res.text()).replaceAll('<!-- -->', '');

beforeAll(async () => {
  portal = await startPortal();
  for (const who of ['tester', 'stakeholder'] as const) as[who] = await signIn(portal, `${who}@demo.test`, demoPassword);
  const db = openDatabase(portal.dbPath);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  const northwind = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
  const q3 = one<{ id: number }>("SELECT id FROM parallel_runs WHERE project_id = ? AND name = 'Q3 parallel run'", northwind).id;
  ids = {
    northwind,
    fabrikam: one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Fabrikam%'").id,
    q3,
    plan: one<{ id: number }>("SELECT id FROM plans WHERE project_id = ? AND plan_key = 'NW-CB-2026'", northwind).id,
    stakeholder: one<{ id: number }>("SELECT id FROM users WHERE email = 'stakeholder@demo.test'").id,
    b3Defect: one<{ id: number }>(
      "SELECT defect_id AS id FROM variance_classifications WHERE parallel_run_id = ? AND participant_id = 'B3' ORDER BY id DESC LIMIT 1",
      q3,
    ).id,
  };
  db.$client.close();
});
afterAll(async () => {
  await portal?.stop();
});

describe('a variance report with something unexplained, over HTTP (issue 10)', () => {
  it('signing the seeded Q3 report after its defect was reopened is refused with the reason, and nothing is recorded', async () => {
    const path = `/projects/${ids.northwind}/parallel-runs/${ids.q3}`;
    // The VP Sales opens the report awaiting their signature: everything is explained, the sign form is there.
    const page = await text(await as.stakeholder.get(path));
    expect(page).toContain('Sign the variance report');
    const hidden = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
    const shown = { fingerprint: hidden('fingerprint')!, expectedVersion: hidden('expectedVersion')! };
    expect(shown.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // Meanwhile the tester reopens the defect B3's variance is classified as.
    const reopen = await as.tester.post(`/projects/${ids.northwind}/defects/${ids.b3Defect}`, {
      action: 'REOPEN',
      text: 'The legacy team says the 50% threshold was never agreed.',
    });
    expect(reopen.status).toBe(200);

    const before = contents(portal);
    const signed = await as.stakeholder.post(path, { intent: 'sign', meaning: 'approved as business owner', password: demoPassword, ...shown });
    const body = await text(signed);
    expect(signed.status).toBe(422);
    expect(body).toContain(
      'Q3 parallel run cannot be signed while 1 variance is unexplained: B3 loan_commission -675.00 (DEF-003 is open). ' +
        'Classify every line over the threshold; a line classified as a defect is explained once its defect is verified or closed. Nothing was signed.',
    );
    expect(contents(portal) === before, 'no row changed').toBe(true);

    // The page now says why, and offers no sign form.
    const after = await text(await as.stakeholder.get(path));
    expect(after).toContain('Not ready for sign-off');
    expect(after).toContain('B3 loan_commission -675.00 (DEF-003 is open)');
    expect(after).not.toContain('Sign the variance report');
  });

  it('submitting a new report with unclassified lines over the threshold is refused, naming them, and nothing is recorded', async () => {
    const created = await as.tester.post(`/projects/${ids.northwind}/parallel-runs`, {
      name: 'Q4 parallel run',
      planId: String(ids.plan),
      ...parallelInputs,
      legacyCsv: legacyPayouts,
      threshold: '1.00',
    });
    expect(created.status).toBe(302);
    const path = created.headers.get('location')!;
    expect((await text(await as.tester.get(path))).includes('Submit for sign-off')).toBe(false);

    const before = contents(portal);
    const submitted = await as.tester.post(`${path}.data`, { intent: 'submit', signerIds: String(ids.stakeholder) });
    const body = await text(submitted);
    expect(submitted.status).toBe(422);
    expect(body).toContain(
      'Q4 parallel run cannot be submitted for sign-off while 2 variances are unexplained: B6 loan_commission -17500.00 (not classified); B3 loan_commission -675.00 (not classified).',
    );
    expect(contents(portal) === before, 'no row changed').toBe(true);
  });
});

describe('a variance report’s percentages and its drill-down to the engine’s explain trace', () => {
  it('shows variance % per line and links each participant to the engine’s trace of their lines, re-run on the run’s inputs', async () => {
    const path = `/projects/${ids.northwind}/parallel-runs/${ids.q3}`;
    const page = await text(await as.stakeholder.get(path));
    expect(page).toContain('Variance %');
    const row = (participant: string) => page.split('<tr').find((r) => r.includes(`>${participant}</a>`)) ?? '';
    expect(row('B6')).toMatch(/-17,500\.00.*-35\.00%/);
    expect(row('B3')).toMatch(/-675\.00.*-100\.00%/);
    expect(page).toContain(`href="${path}/participants/B3"`);

    const trace = await text(await as.stakeholder.get(`${path}/participants/B3`));
    expect(trace).toMatch(/Chioma Eze in Q3 parallel run<span[^>]*> \(B3\)<\/span>/);
    expect(trace).toContain('-100.00%');
    // Each step in words, with its arithmetic.
    expect(trace).toContain('450000 / 1000000 = 0.45');
    expect(trace).toContain('450000 x 0 = 0');
    expect(trace).not.toContain('does not give the amounts the run stored');
    expect((await as.stakeholder.get(`${path}/participants/NOBODY`)).status).toBe(404);
    // Under another project's URL, the run is not found.
    expect((await as.stakeholder.get(`/projects/${ids.fabrikam}/parallel-runs/${ids.q3}/participants/B3`)).status).toBe(404);
    expect((await as.stakeholder.get(`/projects/${ids.northwind}/parallel-runs/999999/participants/B3`)).status).toBe(404);
  });
});
