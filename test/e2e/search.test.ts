/**
 * Issue 16, acceptance 4, over HTTP: one search finds a requirement by words of its title and a defect
 * by its key, and never returns an item of a project the person is not on (the vendor, who is on one
 * project only, searches for what is in the others).
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('search', () => {
  const portal = usePortal();
  const one = (sql: string) => queryOne(portal, sql);

  it('finds a requirement by title words and a defect by key; a vendor never sees another project’s items', async () => {
    const req = one(
      "SELECT r.id, r.key, v.title, r.project_id AS projectId FROM requirements r JOIN requirement_versions v ON v.id = r.current_version_id JOIN projects p ON p.id = r.project_id WHERE p.name LIKE 'Northwind%' ORDER BY r.id LIMIT 1",
    );
    const defect = one(`SELECT d.id, d.key, d.title, d.project_id AS projectId FROM defects d WHERE d.project_id = ${req.projectId} ORDER BY d.id LIMIT 1`);
    const words = String(req.title)
      .split(/\s+/)
      .filter((w) => w.length > 3)
      .slice(0, 2)
      .join(' ')
      .toLowerCase();
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);

    const byTitle = await pm.get(`/search?q=${encodeURIComponent(words)}`);
    expect(byTitle.status).toBe(200);
    const html = await byTitle.text();
    expect(html).toContain(`/projects/${req.projectId}/requirements/${req.id}`);
    expect(text(html)).toContain(String(req.title));

    const byKey = await (await pm.get(`/search?q=${encodeURIComponent(String(defect.key))}`)).text();
    expect(byKey).toContain(`/projects/${defect.projectId}/defects/${defect.id}`);
    // the exact key ranks first
    expect(text(byKey)).toMatch(new RegExp(`Kind Project ${defect.key} `));

    // vendor2 is on Contoso only: Northwind's requirements, defects and name must never come back
    const vendorId = one("SELECT id FROM users WHERE email = 'vendor2@demo.test'").id;
    const onNorthwind = one(`SELECT count(*) AS n FROM project_members WHERE user_id = ${vendorId} AND project_id = ${req.projectId}`).n;
    expect(onNorthwind).toBe(0);
    const northwind = String(one(`SELECT name FROM projects WHERE id = ${req.projectId}`).name);
    const vendor = await signIn(portal, 'vendor2@demo.test', demoPassword);
    for (const q of [String(req.title), String(req.key), String(defect.key), 'REQ', 'DEF', 'Northwind', words]) {
      const page = await (await vendor.get(`/search?q=${encodeURIComponent(q)}`)).text();
      expect(page).not.toContain(`/projects/${req.projectId}/`);
      expect(text(page)).not.toContain(northwind);
    }
    // their own project is found
    expect(await (await vendor.get('/search?q=contoso')).text()).toContain('Contoso Retail E3 optimization');
  });

  it('limits the query and says when it is too short', async () => {
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    expect(text(await (await pm.get('/search?q=a')).text())).toContain('Type at least two characters.');
    expect((await pm.get(`/search?q=${'x'.repeat(5000)}`)).status).toBe(200);
  });
});
