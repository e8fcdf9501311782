/**
 * The security headers of every response (scripts/serve.ts sets them before anything else answers).
 * Scripts run only from this site or inline with the request's nonce (React Router's hydration
 * scripts carry it, app/entry.server.tsx); style attributes are allowed (the timeline positions its
 * bars with them) but style elements from elsewhere are not; no site may frame the portal.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** HSTS only when the portal is served over HTTPS (COOKIE_SECURE=true says so): over plain HTTP it would lock people out. */
export function securityHeaders(opts: { nonce: string; https: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts.nonce),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
