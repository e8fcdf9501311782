/**
 * Issue 16, acceptance 5, over HTTP: an admin resets a person's password; the person signs in with it
 * and is sent to choose their own before any other page (and any other post is refused); the change
 * needs the current password and a matching confirmation; it is audited, ends their other sessions,
 * and the people list shows the state. A person changes their own password the same way at any time.
 */
import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { queryOne, signIn, usePortal } from '../support/server';

describe('changing and resetting passwords', () => {
  const portal = usePortal({ env: { PASSWORD_HASH_COST: '1024' } });
  const one = (sql: string) => queryOne(portal, sql);
  const auditCount = (action: string, userId: number | string) =>
    Number(one(`SELECT count(*) AS n FROM audit_log WHERE action = '${action}' AND subject_id = '${userId}'`).n);

  it('an admin reset must be followed by a change at the next sign-in; the change is audited', async () => {
    const tester = one("SELECT id FROM users WHERE email = 'tester@demo.test'").id as number;
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    const reset = await admin.post(`/admin/people/${tester}`, { password: 'admin-chosen-1' });
    expect(reset.status).toBe(200);
    expect(text(await reset.text())).toContain('must choose a new password at their next sign-in');
    expect(auditCount('user.password_reset', tester)).toBe(1);
    expect(text(await (await admin.get('/admin/people')).text())).toContain('must change password');

    await expect(signIn(portal, 'tester@demo.test', demoPassword)).rejects.toThrow(/failed/);
    const person = await signIn(portal, 'tester@demo.test', 'admin-chosen-1');
    const home = await person.get('/projects');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/account/password?next=%2Fprojects');
    // no other post goes through until the password is changed
    expect((await person.post('/notifications', { intent: 'readAll' })).status).toBe(403);

    const wrong = await person.post('/account/password', {
      current: 'not-it-at-all',
      password: 'my-own-secret-1',
      confirm: 'my-own-secret-1',
      next: '/projects',
    });
    expect(wrong.status).toBe(400);
    expect(text(await wrong.text())).toContain('Wrong password.');
    expect(auditCount('user.password_change_refused', tester)).toBe(1);
    const differ = await person.post('/account/password', {
      current: 'admin-chosen-1',
      password: 'my-own-secret-1',
      confirm: 'my-own-secret-2',
      next: '/projects',
    });
    expect(differ.status).toBe(400);
    expect(text(await differ.text())).toContain('The two new passwords differ.');
    const same = await person.post('/account/password', {
      current: 'admin-chosen-1',
      password: 'admin-chosen-1',
      confirm: 'admin-chosen-1',
      next: '/projects',
    });
    expect(same.status).toBe(400);
    expect(text(await same.text())).toContain('This is your current password.');

    const changed = await person.post('/account/password', {
      current: 'admin-chosen-1',
      password: 'my-own-secret-1',
      confirm: 'my-own-secret-1',
      next: '/projects',
    });
    expect(changed.status).toBe(302);
    expect(changed.headers.get('location')).toBe('/projects');
    expect((await person.get('/projects')).status).toBe(200);
    expect(auditCount('user.password_changed', tester)).toBe(1);
    expect(one(`SELECT must_change_password AS m FROM users WHERE id = ${tester}`).m).toBe(0);
    await expect(signIn(portal, 'tester@demo.test', 'admin-chosen-1')).rejects.toThrow(/failed/);
  });

  it('a person changes their own password; their other sessions end, this one stays', async () => {
    const laptop = await signIn(portal, 'analyst@demo.test', demoPassword);
    const phone = await signIn(portal, 'analyst@demo.test', demoPassword);
    const page = await laptop.get('/account/password');
    expect(page.status).toBe(200);
    expect(text(await page.text())).toContain('Current password');
    const ok = await laptop.post('/account/password', { current: demoPassword, password: 'analyst-new-secret', confirm: 'analyst-new-secret', next: '/' });
    expect(ok.status).toBe(200);
    expect(text(await ok.text())).toContain('Password changed. Your other sessions were signed out.');
    expect((await laptop.get('/projects')).status).toBe(200);
    expect((await phone.get('/projects')).headers.get('location')).toMatch(/^\/login/);
    expect(await signIn(portal, 'analyst@demo.test', 'analyst-new-secret')).toBeTruthy();
  });
});
