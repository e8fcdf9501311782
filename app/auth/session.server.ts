import { createCookieSessionStorage } from 'react-router';
import { sessionDays } from '~/workflows/auth/sessions';

function secret(): string {
  const value = process.env.SESSION_SECRET;
  if (value) return value;
  // scripts/start.ts refuses to start production without one; this only covers dev and tests.
  if (process.env.NODE_ENV === 'production') throw new Error('SESSION_SECRET must be set in production.');
  return 'development-only-secret';
}

/** The cookie holds only the session id; the session itself is a row in `sessions` (revocable). */
const storage = createCookieSessionStorage<{ sid: string }>({
  cookie: {
    name: '__spm_session',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: process.env.COOKIE_SECURE === 'true',
    secrets: [secret()],
    maxAge: sessionDays * 86_400,
  },
});

// Checking a cookie's signature was a twentieth of a page's server time under load. The answer for a
// given Cookie header never changes (the secret is fixed for the process), so it is remembered; whether
// the session is still live is asked of the database on every request all the same.
const verified = new Map<string, string | null>();
const maxVerified = 2000;

export async function readSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  const known = verified.get(header);
  if (known !== undefined) return known;
  const sid = (await storage.getSession(header)).get('sid') ?? null;
  if (verified.size >= maxVerified) verified.delete(verified.keys().next().value as string);
  verified.set(header, sid);
  return sid;
}

export async function sessionCookieFor(sessionId: string): Promise<string> {
  const session = await storage.getSession();
  session.set('sid', sessionId);
  return storage.commitSession(session);
}

export async function clearedSessionCookie(request: Request): Promise<string> {
  return storage.destroySession(await storage.getSession(request.headers.get('Cookie')));
}
