import { describe, expect, it } from 'vitest';
import { readSessionId, sessionCookieFor } from '~/app/auth/session.server';

const requestWith = (cookie: string | null) => new Request('http://portal.test/', { headers: cookie ? { Cookie: cookie } : {} });

describe('the session cookie', () => {
  it('gives the session id of a signed cookie, the same when asked again', async () => {
    const cookie = (await sessionCookieFor('session-a')).split(';')[0]!;
    expect(await readSessionId(requestWith(cookie))).toBe('session-a');
    expect(await readSessionId(requestWith(cookie))).toBe('session-a');
  });

  it('gives nothing for a cookie whose value or signature was changed, even after the genuine one was read', async () => {
    const cookie = (await sessionCookieFor('session-b')).split(';')[0]!;
    expect(await readSessionId(requestWith(cookie))).toBe('session-b');
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, signature] = decodeURIComponent(value).split('.') as [string, string];
    const forgedPayload = `${name}=${encodeURIComponent(`${Buffer.from(JSON.stringify({ sid: 'session-c' })).toString('base64')}.${signature}`)}`;
    const forgedSignature = `${name}=${encodeURIComponent(`${payload}.${signature.slice(0, -2)}AA`)}`;
    expect(await readSessionId(requestWith(forgedPayload))).toBeNull();
    expect(await readSessionId(requestWith(forgedPayload))).toBeNull();
    expect(await readSessionId(requestWith(forgedSignature))).toBeNull();
    expect(await readSessionId(requestWith(null))).toBeNull();
  });
});
