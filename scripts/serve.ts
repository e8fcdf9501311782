import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@react-router/express';
import compression from 'compression';
import express from 'express';
import { type RouterContext, RouterContextProvider, type ServerBuild } from 'react-router';
import { bodyLimitFor, refuseBody } from '~/app/security/body-limit';
import { securityHeaders } from '~/app/security/headers';
import type { RequestInfo } from '~/app/security/request-info';
import { isCrossSiteWrite } from '~/app/security/same-origin';

/**
 * TRUST_PROXY as express's `trust proxy` setting: unset or `false` trusts no proxy (the client address
 * is the socket's), `true` trusts every hop, a number trusts that many hops, anything else is a list of
 * addresses or subnets (`loopback`, `10.0.0.0/8`, ...). Sign-in throttling counts per client address,
 * so behind a reverse proxy set it, or every person shares the proxy's address.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** The production HTTP server: security headers, the body-size limit, static assets, the same-origin guard, then React Router. */
export async function serve(port: number) {
  const buildDir = path.resolve('build');
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  // The context key the bundle's routes read (app/security/request-info.ts): it must be the bundle's own object.
  const requestInfoKey = (build.entry.module as { requestInfo?: RouterContext<RequestInfo> }).requestInfo;
  if (!requestInfoKey) throw new Error('The server build does not export requestInfo from app/entry.server.tsx: rebuild the app.');
  const https = process.env.COOKIE_SECURE === 'true';
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(process.env.TRUST_PROXY));
  app.use((_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.cspNonce = nonce;
    res.set(securityHeaders({ nonce, https }));
    next();
  });
  app.use((req, res, next) => {
    const refusal = refuseBody({ contentLength: req.get('content-length'), transferEncoding: req.get('transfer-encoding') }, bodyLimitFor(req.path));
    if (!refusal) return next();
    // Close afterwards rather than read a body the portal refused.
    res.set('Connection', 'close').status(refusal.status).type('text/plain').send(refusal.message);
  });
  // Level 1: pages are a few hundred KB of repetitive HTML; level 1 shrinks them nearly as well at a third of the CPU.
  app.use(compression({ level: 1 }));
  app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(buildDir, 'client'), { maxAge: '1h' }));
  app.use((req, res, next) => {
    const cross = isCrossSiteWrite({
      method: req.method,
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
      host: req.get('host'),
    });
    if (cross) {
      res.status(403).type('text/plain').send('Refused: this request came from another site.');
      return;
    }
    next();
  });
  app.use(
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: (req, res) => {
        const context = new RouterContextProvider();
        context.set(requestInfoKey, { clientAddress: req.ip, nonce: String(res.locals.cspNonce) });
        return context;
      },
    }),
  );
  return new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const server = app.listen(port, () => resolve(server));
  });
}
