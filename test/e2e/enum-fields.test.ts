import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { requirementForm } from '../support/forms';
import { type client, type Portal, signIn, startPortal } from '../support/server';

/**
 * Every mutating route, posted by someone allowed to use it, with a value no list offers in each of
 * its enum-like fields (a role, a category, a result, a severity, a meaning...): the answer is 400
 * naming that field, and nothing is stored (no table grows, no audit row is written).
 */
type Who = 'pm' | 'analyst' | 'stakeholder' | 'tester';
type Ids = {
  northwind: number;
  requirement: number;
  fingerprint: string;
  stakeholder: number;
  tester2: number;
  testCase: number;
  run: number;
  defect: number;
  parallelRun: number;
  /** Northwind's RAID-001 (issue 14). */
  raidItem: number;
};
type Forgery = { name: string; as: Who; field: string; path: (ids: Ids) => string; form: (ids: Ids) => Record<string, string> };

const requirementFields = (ids: Ids) => requirementForm(ids.stakeholder);

const forgeries: Forgery[] = [
  {
    name: 'a member with a role no project has',
    as: 'pm',
    field: 'role',
    path: (ids) => `/projects/${ids.northwind}/members`,
    form: (ids) => ({ intent: 'add', userId: String(ids.tester2), role: 'superuser' }),
  },
  {
    name: 'a new member with a function no list offers',
    as: 'pm',
    field: 'function',
    path: (ids) => `/projects/${ids.northwind}/members`,
    form: (ids) => ({ intent: 'add', userId: String(ids.stakeholder), role: 'viewer', function: 'treasurer' }),
  },
  {
    name: 'a member’s function changed to one no list offers',
    as: 'pm',
    field: 'function',
    path: (ids) => `/projects/${ids.northwind}/members`,
    form: (ids) => ({ intent: 'changeFunction', userId: String(ids.stakeholder), function: 'treasurer' }),
  },
  {
    name: 'a project on a methodology that does not exist',
    as: 'pm',
    field: 'methodologyKey',
    path: () => '/projects/new',
    form: () => ({ name: 'Forged method', client: 'Acme', methodologyKey: 'WATERFALL', startDate: '2027-01-04', targetDate: '2027-06-30' }),
  },
  {
    name: 'a new requirement in an unknown category',
    as: 'analyst',
    field: 'category',
    path: (ids) => `/projects/${ids.northwind}/requirements/new`,
    form: (ids) => ({ ...requirementFields(ids), category: 'wishful thinking' }),
  },
  {
    name: 'a new requirement with an unknown priority',
    as: 'analyst',
    field: 'priority',
    path: (ids) => `/projects/${ids.northwind}/requirements/new`,
    form: (ids) => ({ ...requirementFields(ids), priority: 'urgent' }),
  },
  {
    name: 'an edited requirement in an unknown category',
    as: 'analyst',
    field: 'category',
    path: (ids) => `/projects/${ids.northwind}/requirements/${ids.requirement}/edit`,
    form: (ids) => ({ ...requirementFields(ids), category: 'misc', baseFingerprint: ids.fingerprint }),
  },
  {
    name: 'an edited requirement with an unknown priority',
    as: 'analyst',
    field: 'priority',
    path: (ids) => `/projects/${ids.northwind}/requirements/${ids.requirement}/edit`,
    form: (ids) => ({ ...requirementFields(ids), priority: 'whenever', baseFingerprint: ids.fingerprint }),
  },
  {
    name: 'a requirement signature with a meaning no signer may state',
    as: 'stakeholder',
    field: 'meaning',
    path: (ids) => `/projects/${ids.northwind}/requirements/${ids.requirement}`,
    form: (ids) => ({ intent: 'sign', password: demoPassword, meaning: 'approved as king', fingerprint: ids.fingerprint }),
  },
  {
    name: 'a test cycle of an unknown kind',
    as: 'tester',
    field: 'kind',
    path: (ids) => `/projects/${ids.northwind}/testing`,
    form: () => ({ name: 'Forged cycle', kind: 'smoke', entryCriteria: 'a', exitCriteria: 'b', plannedStart: '2026-12-01', plannedEnd: '2026-12-10' }),
  },
  {
    name: 'a recorded run with a result that is not passed, failed or blocked',
    as: 'tester',
    field: 'result',
    path: (ids) => `/projects/${ids.northwind}/testing/cases/${ids.testCase}`,
    form: () => ({ intent: 'run', result: 'bogus', note: 'forged' }),
  },
  {
    name: 'a defect with a severity outside 1 to 4',
    as: 'tester',
    field: 'severity',
    path: (ids) => `/projects/${ids.northwind}/testing/cases/${ids.testCase}`,
    form: (ids) => ({ intent: 'logDefect', runId: String(ids.run), title: 'A forged severity', severity: '9', steps: 'Run it.' }),
  },
  {
    name: 'a defect action its workflow does not have',
    as: 'tester',
    field: 'action',
    path: (ids) => `/projects/${ids.northwind}/defects/${ids.defect}`,
    form: () => ({ action: 'DELETE', text: '' }),
  },
  {
    name: 'a variance classified as something no list offers',
    as: 'tester',
    field: 'classification',
    path: (ids) => `/projects/${ids.northwind}/parallel-runs/${ids.parallelRun}`,
    form: () => ({ intent: 'classify', participantId: 'B1', componentId: 'loan_commission', classification: 'acts of god', note: 'forged' }),
  },
  {
    name: 'a variance defect with a severity outside 1 to 4',
    as: 'tester',
    field: 'severity',
    path: (ids) => `/projects/${ids.northwind}/parallel-runs/${ids.parallelRun}`,
    form: () => ({ intent: 'classify', participantId: 'B1', componentId: 'loan_commission', classification: 'defect', note: 'forged', severity: '0' }),
  },
  {
    name: 'a variance report signature with a meaning no signer may state',
    as: 'stakeholder',
    field: 'meaning',
    path: (ids) => `/projects/${ids.northwind}/parallel-runs/${ids.parallelRun}`,
    form: () => ({ intent: 'sign', password: demoPassword, meaning: 'approved as king' }),
  },
  {
    name: 'a RAID item of a type the log does not have',
    as: 'pm',
    field: 'type',
    path: (ids) => `/projects/${ids.northwind}/raid`,
    form: () => ({ intent: 'log', type: 'rumour', title: 'Forged type' }),
  },
  {
    name: 'a RAID issue with a severity no list offers',
    as: 'analyst',
    field: 'severity',
    path: (ids) => `/projects/${ids.northwind}/raid`,
    form: (ids) => ({ intent: 'log', type: 'issue', title: 'Forged severity', severity: '9', ownerId: String(ids.stakeholder), dueDate: '2027-01-15' }),
  },
  {
    name: 'a RAID link to a kind of record that cannot be linked',
    as: 'pm',
    field: 'target',
    path: (ids) => `/projects/${ids.northwind}/raid/${ids.raidItem}`,
    form: () => ({ intent: 'link', target: 'budget:1' }),
  },
];

/** Rows per table, so "nothing stored" covers every table, not only the audit log. */
function rowCounts(portal: Portal): Record<string, number> {
  const db = openDatabase(portal.dbPath);
  try {
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
      .all() as { name: string }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    // Signing in writes a session and an audit row; those are not the forgery's.
    delete counts.sessions;
    return counts;
  } finally {
    db.$client.close();
  }
}

describe('every enum-like field of every mutating route refuses a value no list offers', () => {
  let portal: Portal;
  let ids: Ids;
  const as = {} as Record<Who, ReturnType<typeof client>>;

  beforeAll(async () => {
    portal = await startPortal();
    for (const who of ['pm', 'analyst', 'stakeholder', 'tester'] as const) as[who] = await signIn(portal, `${who}@demo.test`, demoPassword);
    const db = openDatabase(portal.dbPath);
    const one = <T>(sql: string) => db.$client.prepare(sql).get() as T;
    const northwind = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
    const requirement = one<{ id: number; fingerprint: string }>(
      `SELECT r.id, v.fingerprint FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id WHERE r.project_id = ${northwind} AND r.key = 'REQ-001'`,
    );
    const failing = one<{ caseId: number; runId: number }>(
      `SELECT c.id AS caseId, t.id AS runId FROM test_runs t JOIN test_cases c ON c.id = t.case_id WHERE c.project_id = ${northwind} AND t.result = 'failed' ORDER BY t.id DESC LIMIT 1`,
    );
    ids = {
      northwind,
      requirement: requirement.id,
      fingerprint: requirement.fingerprint,
      stakeholder: one<{ id: number }>("SELECT id FROM users WHERE email = 'stakeholder@demo.test'").id,
      tester2: one<{ id: number }>("SELECT id FROM users WHERE email = 'tester2@demo.test'").id,
      testCase: failing.caseId,
      run: failing.runId,
      defect: one<{ id: number }>(`SELECT id FROM defects WHERE project_id = ${northwind} ORDER BY id LIMIT 1`).id,
      parallelRun: one<{ id: number }>(`SELECT id FROM parallel_runs WHERE project_id = ${northwind} ORDER BY id LIMIT 1`).id,
      raidItem: one<{ id: number }>(`SELECT id FROM raid_items WHERE project_id = ${northwind} AND key = 'RAID-001'`).id,
    };
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it.each(forgeries.map((f) => [f.name, f] as const))('%s: 400 naming the field, nothing stored', async (_name, forgery) => {
    const before = rowCounts(portal);
    // The `.data` endpoint answers the action's own data (what the page shows next to each field).
    const res = await as[forgery.as].post(`${forgery.path(ids)}.data`, forgery.form(ids));
    const body = await res.text();
    expect(res.status, body).toBe(400);
    expect(body).toContain('"fieldErrors"');
    expect(body, `the refusal names ${forgery.field}`).toContain(`"${forgery.field}"`);
    expect(rowCounts(portal)).toEqual(before);
  });
});
