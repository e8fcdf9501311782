import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { requirements, requirementVersions, testCases } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { editPayoutCase } from '~/workflows/commands/edit-payout-case';
import { editRequirement } from '~/workflows/commands/edit-requirement';
import { type client, type Portal, signIn, startPortal } from '../support/server';

/**
 * What the portal certifies agrees with the evidence on every page that shows it (issue 10), over
 * HTTP on one seeded portal: the Launch gate and the traceability page list the same uncovered
 * must-haves; a new requirement version makes its coverage stale on both until its case is re-run;
 * verifying a defect whose case still fails is refused with the failing lines, and a verified fix
 * shows its note and the run that verified it.
 */
type Who = 'pm' | 'analyst' | 'tester' | 'tester2';
let portal: Portal;
const as = {} as Record<Who, ReturnType<typeof client>>;
let db: ReturnType<typeof openDatabase>;
let northwind: number;
let launchPath: string;
let tracePath: string;

/** A page's HTML without React's text separators (<!-- -->), so sentences read as shown. */
const html = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.text()).replaceAll('<!-- -->', '');
};
/** The requirement keys listed under the gate's "must-have requirements covered" criterion. */
async function gateUncovered(): Promise<string[]> {
  const page = await html(await as.pm.get(launchPath));
  const criterion = page.split('<li>').find((part) => part.includes('Every must-have requirement covered'))!;
  expect(criterion, 'the Launch gate shows the coverage criterion').toBeDefined();
  const block = page.slice(page.indexOf('Every must-have requirement covered'));
  const list = block.slice(0, block.indexOf('</details>'));
  return [...list.matchAll(/<li>(REQ-\d+) /g)].map((m) => m[1]!);
}
/** The requirement keys the traceability page lists as not covered. */
async function traceUncovered(): Promise<string[]> {
  const page = await html(await as.pm.get(tracePath));
  const start = page.indexOf('data-testid="uncovered-musts"');
  if (start < 0) return [];
  const block = page.slice(start, page.indexOf('</details>', start));
  return [...block.matchAll(/>(REQ-\d+)<\/a>/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  portal = await startPortal();
  for (const who of ['pm', 'analyst', 'tester', 'tester2'] as const) as[who] = await signIn(portal, `${who}@demo.test`, demoPassword);
  db = openDatabase(portal.dbPath);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  northwind = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
  launchPath = `/projects/${northwind}/phases/${one<{ id: number }>("SELECT id FROM phases WHERE project_id = ? AND key = 'launch'", northwind).id}`;
  tracePath = `/projects/${northwind}/traceability`;
});
afterAll(async () => {
  db?.$client.close();
  await portal?.stop();
});

describe('what the portal certifies (issue 10)', () => {
  it('the seeded Launch gate shows "must-have requirements covered" unmet, listing the same requirements as the traceability page', async () => {
    const gate = await gateUncovered();
    const trace = await traceUncovered();
    expect(gate.length).toBeGreaterThan(10);
    expect(gate).toEqual(trace);
    const page = await html(await as.pm.get(tracePath));
    expect(page).toContain(`Coverage: ${20 - gate.length} of 20`);
  });

  it('a new requirement version makes its coverage stale on both pages until its case is re-run', async () => {
    expect(await gateUncovered()).not.toContain('REQ-004');
    const req = db
      .select()
      .from(requirements)
      .where(eq(requirements.key, 'REQ-004'))
      .all()
      .find((r) => r.projectId === northwind)!;
    const v = db.select().from(requirementVersions).where(eq(requirementVersions.id, req.currentVersionId!)).get()!;
    const analyst = db.$client
      .prepare("SELECT id, name, is_admin AS isAdmin, vendor_firm_id AS vendorFirmId FROM users WHERE email = 'analyst@demo.test'")
      .get() as {
      id: number;
      name: string;
      isAdmin: number;
      vendorFirmId: number | null;
    };
    editRequirement(
      { db, actor: { ...analyst, isAdmin: !!analyst.isAdmin } },
      {
        projectId: northwind,
        requirementId: req.id,
        baseFingerprint: v.fingerprint,
        title: v.title,
        description: `${v.description} Paid in the month after quarter end.`,
        category: v.category,
        priority: v.priority,
        ownerId: v.ownerId,
        phaseKey: v.phaseKey,
        acceptanceCriteria: v.acceptanceCriteria,
        examples: v.examples,
      },
    );
    expect(await gateUncovered()).toContain('REQ-004');
    expect(await traceUncovered()).toContain('REQ-004');
    const trace = await html(await as.pm.get(tracePath));
    expect(trace).toMatch(/REQ-004[\s\S]*?stale/);

    // The tester re-runs one case verifying it, from the case page's run form: covered again on both pages.
    const caseId = (
      db.$client
        .prepare('SELECT l.case_id AS id FROM test_case_requirements l JOIN test_cases c ON c.id = l.case_id WHERE l.requirement_id = ? ORDER BY c.key')
        .all(req.id) as { id: number }[]
    ).map((r) => r.id);
    const runs = await Promise.all(caseId.map((id) => as.tester.post(`/projects/${northwind}/testing/cases/${id}/run`, {})));
    expect(runs.map((r) => r.status).every((s) => s < 400)).toBe(true);
    expect(await gateUncovered()).not.toContain('REQ-004');
    expect(await traceUncovered()).not.toContain('REQ-004');
  });

  it('verifying a defect whose case still fails is refused with the failing lines; after a fix and a passing run the page shows the fix note and the verifying run', async () => {
    const defect = db.$client.prepare("SELECT id, case_id AS caseId FROM defects WHERE project_id = ? AND key = 'DEF-002'").get(northwind) as {
      id: number;
      caseId: number;
    };
    const path = `/projects/${northwind}/defects/${defect.id}`;
    const fixed = await as.analyst.post(path, { action: 'FIX', text: 'The specialist share is 40% by the plan; the expectation is corrected.' });
    expect(fixed.status).toBe(200);
    const refused = await as.tester2.post(path, { action: 'VERIFY' });
    expect(refused.status).toBe(422);
    const refusal = await refused.text();
    expect(refusal).toMatch(/TC-\d+ still fails, so DEF-002 is not verified\./);
    expect(refusal).toMatch(/expected 4800\.00, engine 4500\.00/);

    // The expectation is corrected (a new version of the case); the verifier's run now passes.
    const c = db.select().from(testCases).where(eq(testCases.id, defect.caseId)).get()!;
    const tester = db.$client.prepare("SELECT id, name, vendor_firm_id AS vendorFirmId FROM users WHERE email = 'tester@demo.test'").get() as {
      id: number;
      name: string;
      vendorFirmId: number | null;
    };
    const expectedCsv = `participant_id,component_id,amount\n${c.expected.map((e) => `${e.participantId},${e.componentId},${e.amount === '4800.00' ? '4500.00' : e.amount}`).join('\n')}\n`;
    editPayoutCase(
      { db, actor: { ...tester, isAdmin: false } },
      {
        projectId: northwind,
        caseId: c.id,
        baseVersion: c.version,
        title: c.title,
        period: c.period!,
        participantsCsv: c.participantsCsv!,
        quotasCsv: c.quotasCsv!,
        transactionsCsv: c.transactionsCsv!,
        tolerance: c.tolerance,
        critical: c.critical,
        expectedCsv,
      },
    );
    const verified = await as.tester2.post(path, { action: 'VERIFY' });
    expect(verified.status).toBe(200);
    const page = await html(await as.pm.get(path));
    expect(page).toContain('The specialist share is 40% by the plan; the expectation is corrected.');
    expect(page).toMatch(/data-testid="verifying-run">[^<]*run #\d+ of TC-\d+[^<]*: passed/);
    expect(page).toContain('Verified the fix');
  });
});
