import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { renderToPipeableStream } from 'react-dom/server';
import type { EntryContext, RouterContextProvider } from 'react-router';
import { ServerRouter } from 'react-router';
import { requestInfo } from '~/app/security/request-info';

// React Router's default server entry, with two changes: the Content-Security-Policy's nonce (made per
// request by scripts/serve.ts) goes on every inline script React Router and React write, and nowhere
// else; and the page is sent whole once rendered. No loader defers data, so streaming the shell first
// gained nothing, while writing a page in dozens of small chunks through a web stream and the
// compressor cost about a tenth of its server time under load.

/** The server reads the context key from the built bundle, so both sides use the same key. */
export { requestInfo };

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  // https://httpwg.org/specs/rfc9110.html#HEAD
  if (request.method.toUpperCase() === 'HEAD') {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  const { nonce } = loadContext.get(requestInfo);

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Abort after streamTimeout, leaving time to flush the rejected boundaries.
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
      nonce,
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        const chunks: Buffer[] = [];
        const page = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk);
            callback();
          },
          final(callback) {
            clearTimeout(timeoutId);
            timeoutId = undefined;
            responseHeaders.set('Content-Type', 'text/html');
            resolve(new Response(compressed(request, Buffer.concat(chunks), responseHeaders), { headers: responseHeaders, status: responseStatusCode }));
            callback();
          },
        });
        pipe(page);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors inside the shell are logged here; shell errors are logged by handleDocumentRequest.
        if (shellRendered) console.error(error);
      },
    });
  });
}

/**
 * A whole page is gzipped here in one synchronous call when the browser accepts it: a zlib stream per
 * response (the compression middleware's way, kept for everything else) cost three times the CPU of
 * compressing the page at once, most of it setting the stream up. The middleware leaves a response
 * that already names its encoding alone.
 */
function compressed(request: Request, page: Buffer<ArrayBuffer>, headers: Headers): Buffer<ArrayBuffer> {
  headers.append('Vary', 'Accept-Encoding');
  if (page.length < 1024 || !/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return page;
  headers.set('Content-Encoding', 'gzip');
  return gzipSync(page, { level: 1 }) as Buffer<ArrayBuffer>;
}
