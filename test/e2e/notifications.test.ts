/**
 * Issue 14, acceptance 5, over HTTP with a real SMTP exchange: the PM requests a gate review naming a
 * stakeholder; the portal's sender (SMTP_URL pointing at an SMTP server this test starts) delivers the
 * e-mail to the approver with the gate in its subject; the approver reads the notification at
 * /notifications (unread, counted in the header) and marks it read; an admin sees the message sent at
 * /admin/outbox and sets the reminder days there.
 */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { text } from '../support/html';
import { freePort, type Portal, queryOne, signIn, startPortal } from '../support/server';

type Received = { from: string; to: string[]; headers: string; raw: string };

describe('notifications and their e-mail', () => {
  let portal: Portal;
  let smtp: SMTPServer;
  const received: Received[] = [];
  const one = (sql: string) => queryOne(portal, sql);

  beforeAll(async () => {
    const port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no STARTTLS offered, so the client does not try to upgrade to a self-signed certificate.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          // Headers end at the first empty line; folded header lines are joined back.
          const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            headers,
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    portal = await startPortal({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Portal Test <portal@test.example>', OUTBOX_INTERVAL_MS: '300' },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('a gate review request reaches the named approver by e-mail and on their notifications page; an admin sees it sent', async () => {
    const contoso = one("SELECT id FROM projects WHERE name = 'Contoso Retail E3 optimization'").id;
    const evaluate = one(`SELECT id FROM phases WHERE project_id = ${contoso} AND key = 'evaluate'`).id;
    const stakeholderId = one("SELECT id FROM users WHERE email = 'stakeholder@demo.test'").id;
    const subject = '[SPM Portal] Approve the Evaluate gate of Contoso Retail E3 optimization';

    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    const res = await pm.post(`/projects/${contoso}/phases/${evaluate}`, {
      intent: 'requestReview',
      'check.review': 'on',
      'check.findings': 'on',
      approverIds: String(stakeholderId),
    });
    expect([200, 302]).toContain(res.status);

    // The sender runs every 300 ms here: the message arrives within seconds (20 s at most on a busy machine).
    const deadline = Date.now() + 20_000;
    let mail: Received | undefined;
    while (!mail && Date.now() < deadline) {
      mail = received.find((m) => m.to.includes('stakeholder@demo.test') && m.headers.includes(`Subject: ${subject}`));
      if (!mail) await new Promise((r) => setTimeout(r, 250));
    }
    expect(mail, `no e-mail to the approver; received: ${received.map((m) => `${m.to} ${m.headers.match(/Subject: .*/)?.[0]}`).join('\n')}`).toBeDefined();
    expect(mail!.from).toBe('portal@test.example');
    expect(mail!.raw).toContain(`/projects/${contoso}/phases/${evaluate}`);

    // The approver: counted unread in the header, listed (unread) with a link to the gate, then marked read.
    const stakeholder = await signIn(portal, 'stakeholder@demo.test', demoPassword);
    const home = await (await stakeholder.get('/')).text();
    expect(text(home)).toMatch(/Notifications \d+ unread/);
    const page = await (await stakeholder.get('/notifications')).text();
    expect(text(page)).toContain('Approve the Evaluate gate of Contoso Retail E3 optimization (unread)');
    expect(page).toContain(`href="/projects/${contoso}/phases/${evaluate}"`);
    const notificationId = one(
      `SELECT id FROM notifications WHERE user_id = ${stakeholderId} AND link = '/projects/${contoso}/phases/${evaluate}' ORDER BY id DESC`,
    ).id;
    // Someone else cannot mark it read: not found, nothing changed.
    const finance = await signIn(portal, 'finance@demo.test', demoPassword);
    expect((await finance.post('/notifications', { intent: 'read', notificationId: String(notificationId) })).status).toBe(404);
    expect(one(`SELECT read_at FROM notifications WHERE id = ${notificationId}`).read_at).toBeNull();
    expect((await stakeholder.post('/notifications', { intent: 'read', notificationId: String(notificationId) })).status).toBe(200);
    expect(one(`SELECT read_at FROM notifications WHERE id = ${notificationId}`).read_at).not.toBeNull();
    expect(text(await (await stakeholder.get('/notifications')).text())).not.toContain('Approve the Evaluate gate of Contoso Retail E3 optimization (unread)');

    // The admin: the message in the outbox, sent, after one attempt.
    const admin = await signIn(portal, 'admin@demo.test', demoPassword);
    const outbox = text(await (await admin.get('/admin/outbox')).text());
    expect(outbox).toMatch(/stakeholder@demo\.test \[SPM Portal\] Approve the Evaluate gate of Contoso Retail E3 optimization \S+ \S+ UTC Sent \S+ \S+ UTC 1/);
    // The reminder days: out of range is refused next to the field; a good value is saved.
    const refused = await admin.post('/admin/outbox', { reminderDays: '0' });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain('A whole number of days from 1 to 60.');
    expect((await admin.post('/admin/outbox', { reminderDays: '7' })).status).toBe(200);
    expect(one('SELECT reminder_days FROM notification_settings').reminder_days).toBe(7);
  });

  it('signed out, both pages send you to sign in; the outbox is for admins only', async () => {
    const { client } = await import('../support/server');
    const anonymous = client(portal);
    for (const path of ['/notifications', '/admin/outbox']) expect((await anonymous.get(path)).headers.get('location') ?? '').toMatch(/^\/login\?next=/);
    const pm = await signIn(portal, 'pm@demo.test', demoPassword);
    expect((await pm.get('/admin/outbox')).status).toBe(403);
  });
});
