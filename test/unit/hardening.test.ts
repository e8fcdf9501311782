import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyLimitFor, maxBodyBytes, maxModelingBodyBytes, refuseBody } from '~/app/security/body-limit';
import { contentSecurityPolicy, securityHeaders } from '~/app/security/headers';
import { safeNext } from '~/app/security/safe-next';
import { openDatabase } from '~/db/client';
import { applyMigrations } from '~/db/migrate';
import { trustProxySetting } from '~/scripts/serve';
import { maxModelingFormBytes } from '~/workflows/modeling/datasets';

// Issue 9, finding 8: `next=/\evil.example/x` was returned as the Location after sign-in.
describe('where sign-in sends a person next', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/projects')).toBe('/projects');
    expect(safeNext('/projects/1/requirements?status=draft&page=2#top')).toBe('/projects/1/requirements?status=draft&page=2#top');
    expect(safeNext('/a/../projects')).toBe('/projects');
  });

  it('sends anything that could leave the site home', () => {
    for (const next of [
      '/\\evil.example/x',
      '\\\\evil.example',
      '/\\/evil.example',
      '//evil.example/x',
      '///evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' /projects',
      'https://evil.example/',
      'javascript:alert(1)',
      'projects',
      '',
      undefined,
      ['/projects'],
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });
});

describe('security headers', () => {
  it('allow scripts only from the site and with the request’s nonce, and no framing', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const plain = securityHeaders({ nonce: 'n', https: false });
    expect(plain).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders({ nonce: 'n', https: true })['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('the body-size limit', () => {
  it('reads bodies up to the limit, refuses larger ones with 413 and bodies of unstated length with 411', () => {
    expect(refuseBody({})).toBeNull();
    expect(refuseBody({ contentLength: '0' })).toBeNull();
    expect(refuseBody({ contentLength: String(maxBodyBytes) })).toBeNull();
    // The modeling page's dataset upload (a million transactions) has a limit of its own that covers its form.
    expect(maxModelingBodyBytes).toBeGreaterThanOrEqual(maxModelingFormBytes);
    expect(bodyLimitFor('/projects/1/modeling')).toBe(maxModelingBodyBytes);
    expect(bodyLimitFor('/projects/1/modeling/scenarios/2')).toBe(maxBodyBytes);
    expect(bodyLimitFor('/projects/1/requirements/import')).toBe(maxBodyBytes);
    expect(refuseBody({ contentLength: String(maxBodyBytes + 1) })).toMatchObject({ status: 413, message: expect.stringContaining('at most 25 MB') });
    expect(refuseBody({ transferEncoding: 'chunked' })?.status).toBe(411);
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, and reads a hop count or a list', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});

// Issue 9, finding 14: the database file was created world-readable.
describe('the database file', () => {
  it('is created readable and writable by its owner only, with its WAL', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'spm-mode-')), 'portal.sqlite');
    const db = openDatabase(file);
    applyMigrations(db);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    db.$client.close();
  });
});
