import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@react-router/express';
import compression from 'compression';
import express from 'express';
import type { ServerBuild } from 'react-router';
import { isCrossSiteWrite } from '~/app/security/same-origin';

/** The production HTTP server: static assets, the same-origin guard, then React Router. */
export async function serve(port: number) {
  const buildDir = path.resolve('build');
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
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
  app.use(createRequestHandler({ build, mode: 'production' }));
  return new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const server = app.listen(port, () => resolve(server));
  });
}
