import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { legacyPayouts, parallelInputs } from '~/seeds/northwind-testing';
import { contents } from '../support/contents';
import { requirementForm } from '../support/forms';
import { type client, type Portal, signIn, startPortal } from '../support/server';

/**
 * Issue 9, findings 12, 13, 3 and 5 over HTTP, on one portal: a write posted under another project's URL
 * with this project's case, defect, cycle, run, milestone or requirement is answered 404 and stores
 * nothing; an edit that does not say what it started from is refused; the variance report's sign form
 * carries what its signer was shown; and the vendor reads no requirement through a gate's criteria.
 */
type Who = 'pm' | 'tester' | 'stakeholder' | 'vendor';
type Ids = {
  northwind: number;
  fabrikam: number;
  milestone: number;
  launch: number;
  scope: number;
  cycle: number;
  payoutCase: number;
  payoutCaseVersion: number;
  failingCase: number;
  failingRun: number;
  defect: number;
  requirement: number;
  requirementFingerprint: string;
  membership: number;
  plan: number;
  stakeholder: number;
};

const caseData = {
  period: '2026-Q1',
  participantsCsv: 'participant_id,name,plan_id,role,manager_id,target_incentive,start_date,end_date,currency\nB1,Banker,NW-CB-2026,banker,,40000,,,USD\n',
  quotasCsv: 'participant_id,measure,period,quota\nB1,loan_bookings,2026-Q1,1000000\n',
  transactionsCsv: 'transaction_id,date,participant_id,amount,quantity,product,type,status,split\nT1,2026-02-10,B1,1300000,1,loan,new,booked,\n',
  expectedCsv: 'participant_id,component_id,amount\nB1,loan_commission,15000.00\n',
  tolerance: '0',
};
const requirementFields = (ids: Ids) => requirementForm(ids.stakeholder);

let portal: Portal;
let ids: Ids;
const as = {} as Record<Who, ReturnType<typeof client>>;

beforeAll(async () => {
  portal = await startPortal();
  for (const who of ['pm', 'tester', 'stakeholder', 'vendor'] as const) as[who] = await signIn(portal, `${who}@demo.test`, demoPassword);
  const db = openDatabase(portal.dbPath);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  const northwind = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
  const phase = (key: string) => one<{ id: number }>('SELECT id FROM phases WHERE project_id = ? AND key = ?', northwind, key).id;
  const payoutCase = one<{ id: number; version: number }>(
    "SELECT id, version FROM test_cases WHERE project_id = ? AND kind = 'payout' ORDER BY id LIMIT 1",
    northwind,
  );
  const failing = one<{ caseId: number; runId: number }>(
    "SELECT c.id AS caseId, t.id AS runId FROM test_runs t JOIN test_cases c ON c.id = t.case_id WHERE c.project_id = ? AND t.result = 'failed' ORDER BY t.id DESC LIMIT 1",
    northwind,
  );
  const requirement = one<{ id: number; fingerprint: string }>(
    "SELECT r.id, v.fingerprint FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id WHERE r.project_id = ? AND r.key = 'REQ-003'",
    northwind,
  );
  ids = {
    northwind,
    fabrikam: one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Fabrikam%'").id,
    milestone: one<{ id: number }>('SELECT id FROM milestones WHERE project_id = ? AND done_on IS NULL ORDER BY id LIMIT 1', northwind).id,
    launch: phase('launch'),
    scope: phase('scope'),
    cycle: one<{ id: number }>('SELECT id FROM test_cycles WHERE project_id = ? ORDER BY id LIMIT 1', northwind).id,
    payoutCase: payoutCase.id,
    payoutCaseVersion: payoutCase.version,
    failingCase: failing.caseId,
    failingRun: failing.runId,
    defect: one<{ id: number }>('SELECT id FROM defects WHERE project_id = ? ORDER BY id DESC LIMIT 1', northwind).id,
    requirement: requirement.id,
    requirementFingerprint: requirement.fingerprint,
    membership: one<{ id: number }>(
      "SELECT m.id FROM project_members m JOIN users u ON u.id = m.user_id WHERE m.project_id = ? AND u.email = 'viewer@demo.test'",
      northwind,
    ).id,
    plan: one<{ id: number }>("SELECT id FROM plans WHERE project_id = ? AND plan_key = 'NW-CB-2026'", northwind).id,
    stakeholder: one<{ id: number }>("SELECT id FROM users WHERE email = 'stakeholder@demo.test'").id,
  };
  db.$client.close();
});
afterAll(async () => {
  await portal?.stop();
});

/** A variance report of Northwind in the state asked for, made through the routes as its tester would. */
async function parallelRun(name: string, submitted: boolean): Promise<number> {
  const res = await as.tester.post(`/projects/${ids.northwind}/parallel-runs`, {
    name,
    planId: String(ids.plan),
    ...parallelInputs,
    legacyCsv: legacyPayouts,
    threshold: '1.00',
  });
  expect(res.status).toBe(302);
  const runId = Number(res.headers.get('location')!.split('/').at(-1));
  if (submitted) {
    // Only a report with every line over the threshold explained goes to its signers.
    for (const participantId of ['B6', 'B3']) {
      const classify = await as.tester.post(`/projects/${ids.northwind}/parallel-runs/${runId}`, {
        intent: 'classify',
        participantId,
        componentId: 'loan_commission',
        classification: 'expected design change',
        note: 'The 2026 plan differs from the legacy one here, as signed.',
      });
      expect(classify.status).toBe(200);
    }
    const submit = await as.tester.post(`/projects/${ids.northwind}/parallel-runs/${runId}`, { intent: 'submit', signerIds: String(ids.stakeholder) });
    expect(submit.status).toBe(200);
  }
  return runId;
}

type Attempt = { name: string; who: Who; path: (ids: Ids, runs: { draft: number; inReview: number }) => string; form: (ids: Ids) => Record<string, string> };

/** Every mutating route with a project and a child id, posted under Fabrikam's URL with a child of Northwind by someone who may act on both. */
const underTheWrongProject: Attempt[] = [
  {
    name: 'mark a milestone reached',
    who: 'pm',
    path: (i) => `/projects/${i.fabrikam}`,
    form: (i) => ({ intent: 'completeMilestone', milestoneId: String(i.milestone) }),
  },
  {
    name: 'request a gate review',
    who: 'pm',
    path: (i) => `/projects/${i.fabrikam}/phases/${i.launch}`,
    form: () => ({ intent: 'requestReview', 'check.uat': 'on', 'check.parallel': 'on', 'check.cutover': 'on', approverIds: '1' }),
  },
  {
    name: 'run a payout case (the cycle page’s runner)',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cases/${i.payoutCase}/run`,
    form: () => ({}),
  },
  {
    name: 'run a payout case (its page)',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cases/${i.payoutCase}`,
    form: () => ({ intent: 'run' }),
  },
  {
    name: 'edit a payout case',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cases/${i.payoutCase}`,
    form: (i) => ({ intent: 'edit', baseVersion: String(i.payoutCaseVersion), title: 'Edited under the wrong project', ...caseData }),
  },
  {
    name: 'log a defect on a failing run',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cases/${i.failingCase}`,
    form: (i) => ({ intent: 'logDefect', runId: String(i.failingRun), title: 'Logged under the wrong project', severity: '3', steps: 'Run it.' }),
  },
  { name: 'start work on a defect', who: 'pm', path: (i) => `/projects/${i.fabrikam}/defects/${i.defect}`, form: () => ({ action: 'START' }) },
  {
    name: 'write a functional case in a cycle',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cycles/${i.cycle}`,
    form: () => ({ intent: 'functional', title: 'Statement shows each line', steps: 'Open the statement => each line shows its calculation' }),
  },
  {
    name: 'write a payout case in a cycle',
    who: 'tester',
    path: (i) => `/projects/${i.fabrikam}/testing/cycles/${i.cycle}`,
    form: (i) => ({ title: 'Case under the wrong project', planId: String(i.plan), ...caseData }),
  },
  {
    name: 'explain a variance',
    who: 'tester',
    path: (i, runs) => `/projects/${i.fabrikam}/parallel-runs/${runs.draft}`,
    form: () => ({ intent: 'classify', participantId: 'B6', componentId: 'loan_commission', classification: 'data issue', note: 'Rounding.' }),
  },
  {
    name: 'submit a variance report',
    who: 'tester',
    path: (i, runs) => `/projects/${i.fabrikam}/parallel-runs/${runs.draft}`,
    form: (i) => ({ intent: 'submit', signerIds: String(i.stakeholder) }),
  },
  {
    name: 'sign a variance report',
    who: 'stakeholder',
    path: (i, runs) => `/projects/${i.fabrikam}/parallel-runs/${runs.inReview}`,
    form: () => ({ intent: 'sign', meaning: 'approved as business owner', password: demoPassword, fingerprint: 'x', expectedVersion: '1' }),
  },
  {
    name: 'edit a requirement',
    who: 'pm',
    path: (i) => `/projects/${i.fabrikam}/requirements/${i.requirement}/edit`,
    form: (i) => ({ ...requirementFields(i), baseFingerprint: i.requirementFingerprint }),
  },
  {
    name: 'comment on a requirement',
    who: 'pm',
    path: (i) => `/projects/${i.fabrikam}/requirements/${i.requirement}`,
    form: () => ({ intent: 'comment', body: 'Hello.' }),
  },
  {
    name: 'remove a project member',
    who: 'pm',
    path: (i) => `/projects/${i.fabrikam}/members`,
    form: (i) => ({ intent: 'remove', memberId: String(i.membership) }),
  },
];

describe('a write under another project’s URL (issue 9, finding 12)', () => {
  let runs: { draft: number; inReview: number };
  beforeAll(async () => {
    runs = { draft: await parallelRun('Draft run', false), inReview: await parallelRun('Run in review', true) };
  });

  it.each(underTheWrongProject.map((a) => [a.name, a] as const))('%s: 404, and nothing is stored', async (_name, attempt) => {
    const before = contents(portal);
    const res = await as[attempt.who].post(attempt.path(ids, runs), attempt.form(ids));
    expect(res.status, await res.text()).toBe(404);
    expect(contents(portal) === before, 'no row was written or changed').toBe(true);
  });
});

describe('editing a requirement over HTTP (issue 9, finding 13)', () => {
  it('a save that does not send the fingerprint it started from is refused with 400, and nothing is stored', async () => {
    const before = contents(portal);
    const res = await as.pm.post(`/projects/${ids.northwind}/requirements/${ids.requirement}/edit.data`, requirementFields(ids));
    const body = await res.text();
    expect(res.status, body).toBe(400);
    expect(body).toContain('"baseFingerprint"');
    expect(contents(portal) === before, 'no row changed').toBe(true);
  });

  it('the edit page sends the fingerprint it was rendered from', async () => {
    const page = await (await as.pm.get(`/projects/${ids.northwind}/requirements/${ids.requirement}/edit`)).text();
    expect(page).toContain(`name="baseFingerprint" value="${ids.requirementFingerprint}"`);
  });
});

describe('signing a variance report over HTTP (issue 9, finding 3)', () => {
  it('the sign form carries the report’s fingerprint and version; signing with them is recorded, with stale ones refused', async () => {
    const runId = await parallelRun('Run to sign', true);
    const path = `/projects/${ids.northwind}/parallel-runs/${runId}`;
    const page = await (await as.stakeholder.get(path)).text();
    const hidden = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
    const shown = { fingerprint: hidden('fingerprint'), expectedVersion: hidden('expectedVersion') };
    expect(shown.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.expectedVersion).toMatch(/^\d+$/);
    const form = { intent: 'sign', meaning: 'approved as business owner', password: demoPassword };

    const before = contents(portal);
    const stale = await as.stakeholder.post(`${path}.data`, {
      ...form,
      fingerprint: shown.fingerprint!,
      expectedVersion: String(Number(shown.expectedVersion) - 1),
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Reload the page');
    const bare = await as.stakeholder.post(`${path}.data`, form);
    expect(bare.status).toBe(400);
    expect(contents(portal) === before, 'no row changed').toBe(true);

    const signed = await as.stakeholder.post(path, { ...form, fingerprint: shown.fingerprint!, expectedVersion: shown.expectedVersion! });
    expect(signed.status).toBe(200);
    expect(await (await as.stakeholder.get(path)).text()).toContain(shown.fingerprint!.slice(0, 12));
  });
});

describe('a gate’s computed criteria as the vendor sees them (issue 9, finding 5)', () => {
  it('the vendor sees that a criterion is not met and how many items keep it so, but not which requirements', async () => {
    const path = `/projects/${ids.northwind}/phases/${ids.scope}`;
    // The requirements pages refuse the vendor; so must the gate page's criteria.
    expect((await as.vendor.get(`/projects/${ids.northwind}/requirements/${ids.requirement}`)).status).toBe(403);
    const db = openDatabase(portal.dbPath);
    const titles = (
      db.$client
        .prepare('SELECT r.key, v.title FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id WHERE r.project_id = ?')
        .all(ids.northwind) as { key: string; title: string }[]
    ).flatMap((r) => [r.key, r.title]);
    db.$client.close();

    const vendorPage = await (await as.vendor.get(path)).text();
    expect(vendorPage).toContain('Computed criteria');
    expect(vendorPage).toContain('not met');
    expect(vendorPage).toContain('Your role on this project does not show requirements, so they are not listed here.');
    expect(titles.filter((t) => vendorPage.includes(t))).toEqual([]);

    // Someone whose role reads requirements still sees which ones are missing.
    const pmPage = await (await as.pm.get(path)).text();
    expect(titles.some((t) => pmPage.includes(t))).toBe(true);
    expect(pmPage).not.toContain('does not show requirements');
  });
});
