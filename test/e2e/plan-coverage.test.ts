/**
 * Issue 10, acceptance 7 over HTTP: the plan page of NW-CB-2026 shows its test coverage per component
 * and tier, naming the tier no passing case reaches; the traceability page links to it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { plans, projects } from '~/db/schema';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { type Portal, signIn, startPortal } from '../support/server';

/** The element with this data-testid (a div, section or p without nested elements of its kind). */
const block = (html: string, testId: string) => {
  const m = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (!m) throw new Error(`no element data-testid="${testId}"`);
  return text(m[2] as string);
};

describe('the plan page shows coverage per component and tier', () => {
  let portal: Portal;
  let projectId: number;
  let cbId: number;
  beforeAll(async () => {
    portal = await startPortal();
    const db = openDatabase(portal.dbPath);
    projectId = db.select().from(projects).where(eq(projects.name, 'Northwind Bank ICM implementation')).get()!.id;
    cbId = db
      .select()
      .from(plans)
      .where(and(eq(plans.projectId, projectId), eq(plans.planKey, 'NW-CB-2026')))
      .get()!.id;
    db.$client.close();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('NW-CB-2026: tier 2 (50% to 100% of quota) is reached by no passing case; tiers 1 and 3 name their cases', async () => {
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    const res = await tester.get(`/projects/${projectId}/plans/${cbId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(text(html)).toContain('Test coverage of this version');
    // the seeded cases: TC-001 (130%) ends in tier 3, TC-002 (40%) in tier 1; TC-006 (B2 at 80%) failed
    expect(block(html, 'uncovered-tiers')).toBe('Not reached by any passing case: Loan commission: Tier 2, from 50% to 100% of quota: 1.5%');
    const page = text(html);
    expect(page).toContain('Loan commission (loan_commission): covered by TC-001, TC-002 · 2 of 3 tiers reached');
    expect(page).toMatch(/Tier 1 from 0% to 50% of quota: 0% TC-002 yes/);
    expect(page).toMatch(/Tier 2 from 50% to 100% of quota: 1\.5% none no: no passing case reaches it/);
    expect(page).toMatch(/Tier 3 from 100% of quota: 2\.5% TC-001 yes/);
    expect(page).toMatch(/Not counted: TC-006 failed/);
  });

  it('the traceability page links to each plan’s coverage', async () => {
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    const html = await (await tester.get(`/projects/${projectId}/traceability`)).text();
    expect(html).toContain(`href="/projects/${projectId}/plans/${cbId}#test-coverage"`);
    expect(block(html, 'plan-coverage-links')).toMatch(/Coverage per plan component and rate-table tier .*NW-CB-2026 version 1/);
  });
});
