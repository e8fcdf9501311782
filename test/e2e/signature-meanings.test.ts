import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '~/db/client';
import { demoPassword } from '~/seeds/demo';
import { contents } from '../support/contents';
import { type client, type Portal, signIn, startPortal } from '../support/server';

/**
 * Signature meanings by function (issue 10), over HTTP on one portal: the sign form offers only the
 * meanings the signer's function allows, the server refuses any other on the meaning field and stores
 * nothing, and the members page shows and changes a person's function.
 */
type Who = 'pm' | 'stakeholder';

let portal: Portal;
const as = {} as Record<Who, ReturnType<typeof client>>;
let northwind: number;
let sam: number;
/** A Northwind requirement in review whose signers include Sam Okafor (business owner), who has not signed it. */
let requirementPath: string;

beforeAll(async () => {
  portal = await startPortal();
  for (const who of ['pm', 'stakeholder'] as const) as[who] = await signIn(portal, `${who}@demo.test`, demoPassword);
  const db = openDatabase(portal.dbPath);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  northwind = one<{ id: number }>("SELECT id FROM projects WHERE name LIKE 'Northwind%'").id;
  sam = one<{ id: number }>("SELECT id FROM users WHERE email = 'stakeholder@demo.test'").id;
  const awaiting = one<{ id: number }>(
    `SELECT r.id FROM requirements r
       JOIN requirement_versions v ON v.id = r.current_version_id
       JOIN workflow_instances w ON w.id = v.instance_id
     WHERE r.project_id = ? AND w.state_value = '"inReview"'
       AND EXISTS (SELECT 1 FROM json_each(w.context, '$.signers') s WHERE s.value = ?)
       AND NOT EXISTS (SELECT 1 FROM json_each(w.context, '$.signatures') g WHERE json_extract(g.value, '$.userId') = ?)
     ORDER BY r.id LIMIT 1`,
    northwind,
    sam,
    sam,
  );
  db.$client.close();
  requirementPath = `/projects/${northwind}/requirements/${awaiting.id}`;
});
afterAll(async () => {
  await portal?.stop();
});

/** The sign form as the page renders it: the meanings it offers and the basis it sends. */
async function signForm() {
  const page = await (await as.stakeholder.get(requirementPath)).text();
  const hidden = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1] ?? '';
  const select = page.match(/<select[^>]*name="meaning"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '';
  const offered = [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]).filter((m) => m !== 'Choose…');
  return { page, offered, basis: { fingerprint: hidden('fingerprint'), expectedVersion: hidden('expectedVersion') } };
}

describe('signature meanings by function over HTTP', () => {
  it('the sign form offers the business owner only the meanings the function allows', async () => {
    const { page, offered, basis } = await signForm();
    expect(offered).toEqual(['approved as business owner', 'reviewed, no objection']);
    expect(page).toContain('Your function on this project is business owner');
    expect(basis.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a stakeholder without the finance function posting "approved as finance" is refused on the meaning field, nothing recorded', async () => {
    const { basis } = await signForm();
    const before = contents(portal);
    const res = await as.stakeholder.post(`${requirementPath}.data`, { intent: 'sign', meaning: 'approved as finance', password: demoPassword, ...basis });
    const body = await res.text();
    expect(res.status, body).toBe(400);
    expect(body).toContain('"fieldErrors"');
    expect(body).toContain('"meaning"');
    expect(body).toContain("Your function on this project (business owner) does not allow signing 'approved as finance'.");
    expect(contents(portal) === before, 'no row changed').toBe(true);
  });

  it('the members page shows each person’s function in a labelled select and refuses a function no list offers', async () => {
    const path = `/projects/${northwind}/members`;
    const page = await (await as.pm.get(path)).text();
    expect(page).toMatch(new RegExp(`<label for="function-of-${sam}"[^>]*>Function of (<!-- -->)?Sam Okafor</label>`));
    expect(page).toMatch(/<option value="business_owner" selected="">Business owner<\/option>/);
    expect(page).toContain('<label for="function">Function on this project</label>');

    const before = contents(portal);
    const forged = await as.pm.post(`${path}.data`, { intent: 'changeFunction', userId: String(sam), function: 'treasurer' });
    const body = await forged.text();
    expect(forged.status, body).toBe(400);
    expect(body).toContain('"function"');
    expect(body).toContain('Choose a function from the list.');
    expect(contents(portal) === before, 'no row changed').toBe(true);
  });

  it('the project manager changes the function (audited); the form and the server then follow the new one', async () => {
    const changed = await as.pm.post(`/projects/${northwind}/members.data`, { intent: 'changeFunction', userId: String(sam), function: 'hr' });
    expect(changed.status, await changed.text()).toBe(200);
    const db = openDatabase(portal.dbPath);
    const audit = db.$client.prepare("SELECT before, after FROM audit_log WHERE action = 'member.function_changed' ORDER BY id DESC LIMIT 1").get();
    db.$client.close();
    expect(audit).toEqual({
      before: JSON.stringify({ person: 'Sam Okafor', function: 'business_owner' }),
      after: JSON.stringify({ person: 'Sam Okafor', function: 'hr' }),
    });

    const { offered, basis } = await signForm();
    expect(offered).toEqual(['reviewed, no objection']);
    const before = contents(portal);
    const refused = await as.stakeholder.post(`${requirementPath}.data`, {
      intent: 'sign',
      meaning: 'approved as business owner',
      password: demoPassword,
      ...basis,
    });
    const body = await refused.text();
    expect(refused.status, body).toBe(400);
    expect(body).toContain("Your function on this project (HR) does not allow signing 'approved as business owner'.");
    expect(contents(portal) === before, 'no row changed').toBe(true);

    const signed = await as.stakeholder.post(requirementPath, { intent: 'sign', meaning: 'reviewed, no objection', password: demoPassword, ...basis });
    expect(signed.status).toBe(200);
    expect(await (await as.stakeholder.get(requirementPath)).text()).toContain('reviewed, no objection');
  });
});
