import { data, type MiddlewareFunction } from 'react-router';

const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Every route reads its body as a form. Before any action runs, a body of another type (JSON, text)
 * and a multipart body that does not parse (cut off, or without its closing boundary) are refused with
 * 400 and a reason, instead of failing inside the action as a 500. A multipart body is parsed once
 * here on a copy (it is at most the server's body limit); a URL-encoded one always parses.
 */
export const formBodiesOnly: MiddlewareFunction<Response> = async ({ request }, next) => {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return next();
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!formTypes.has(type)) {
    if (request.headers.get('content-length') === '0' && type === '') return next();
    throw data('The portal accepts forms only (application/x-www-form-urlencoded or multipart/form-data): nothing was saved.', { status: 400 });
  }
  if (type === 'multipart/form-data') {
    try {
      await request.clone().formData();
    } catch {
      throw data('The form arrived incomplete or malformed, so nothing was saved. Send it again.', { status: 400 });
    }
  }
  return next();
};
