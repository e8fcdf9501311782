import { href } from 'react-router';

const base = 'http://portal.invalid';

/**
 * Where to send a person after sign-in: a path of this site, or home. Refused: anything not starting
 * with one `/`, any backslash (browsers read `/\evil.example` as `//evil.example`), control characters
 * and spaces (the URL parser drops tabs and newlines, so `/\t/evil.example` would become `//evil.example`),
 * and anything that resolves to another origin.
 */
export function safeNext(next: unknown): string {
  const home = href('/');
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return home;
  if ([...next].some((c) => c === '\\' || c <= ' ' || c === '\u007f')) return home;
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return home;
  }
  if (url.origin !== base) return home;
  return `${url.pathname}${url.search}${url.hash}`;
}
