/**
 * Issue 16, pages that read for people: a requirement names the cases that verify it (linked, with
 * their latest result) and shows its fingerprint shortened with the whole value on demand; a gate's
 * history says what happened in words, not machine codes.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('readable pages', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('a requirement lists the cases that verify it; its fingerprint is short, whole on demand', async () => {
    const link = one(
      'SELECT r.id, r.project_id AS projectId, c.id AS caseId, c.key AS caseKey, v.fingerprint FROM test_case_requirements l JOIN requirements r ON r.id = l.requirement_id JOIN test_cases c ON c.id = l.case_id JOIN requirement_versions v ON v.id = r.current_version_id ORDER BY r.id LIMIT 1',
    );
    const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const html = await (await stakeholder.get(`/projects/${link.projectId}/requirements/${link.id}`)).text();
    const words = text(html);
    expect(words).toContain('Verified by');
    expect(html).toContain(`href="/projects/${link.projectId}/testing/cases/${link.caseId}"`);
    expect(words).toContain(`Fingerprint ${String(link.fingerprint).slice(0, 12)}…`);
    expect(html).toContain(`<code>${link.fingerprint}</code>`);
  });

  it('a worked example becomes a case from a folded form, on the plan its requirement’s cases test', async () => {
    // a requirement with worked examples whose cases test a payout plan, and one with examples and no case
    const tested = one(
      `SELECT r.id, r.project_id AS projectId, c.plan_id AS planId FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id
       JOIN test_case_requirements l ON l.requirement_id = r.id JOIN test_cases c ON c.id = l.case_id
       WHERE json_array_length(v.examples) > 0 AND c.plan_id IS NOT NULL ORDER BY r.id LIMIT 1`,
    );
    const untested = one(
      `SELECT r.id, r.project_id AS projectId FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id
       WHERE json_array_length(v.examples) > 0 AND r.project_id = ${tested.projectId} AND NOT EXISTS (SELECT 1 FROM test_case_requirements l WHERE l.requirement_id = r.id) ORDER BY r.id LIMIT 1`,
    );
    const tester = await signIn(portal, 'tester@demo.test', demoPassword);
    const page = async (r: Record<string, unknown>) => (await tester.get(`/projects/${r.projectId}/requirements/${r.id}`)).text();
    const html = await page(tested);
    expect(html).toMatch(/<details class="create"><summary>Make a payout case of this example<\/summary>/);
    expect(html).toContain(`<option value="${tested.planId}" selected="">`);
    // with no case yet, nothing is chosen for the tester: the form asks for the plan
    const fresh = await page(untested);
    expect(fresh).toContain('<option value="" disabled="" selected="">Choose a plan</option>');
  });

  it('a gate history reads in words', async () => {
    // a workflow's state is stored as JSON text: the string "approved" with its quotes
    const phase = one(
      `SELECT p.id, p.project_id AS projectId FROM phases p JOIN workflow_instances w ON w.id = p.instance_id WHERE w.state_value = '"approved"' LIMIT 1`,
    );
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const words = text(await (await pm.get(`/projects/${phase.projectId}/phases/${phase.id}`)).text());
    expect(words).toMatch(/Phase started \(Not started → Active\)/);
    expect(words).not.toMatch(/START \(|REQUEST_REVIEW|notStarted/);
  });
});
