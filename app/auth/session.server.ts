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

export async function readSessionId(request: Request): Promise<string | null> {
  const session = await storage.getSession(request.headers.get('Cookie'));
  return session.get('sid') ?? null;
}

export async function sessionCookieFor(sessionId: string): Promise<string> {
  const session = await storage.getSession();
  session.set('sid', sessionId);
  return storage.commitSession(session);
}

export async function clearedSessionCookie(request: Request): Promise<string> {
  return storage.destroySession(await storage.getSession(request.headers.get('Cookie')));
}
