import { data } from 'react-router';
import type { ActionError } from './route.server';

/** A form read within a route's limit, or the answer that refuses it (413 naming the limit, 400 unreadable). */
export type FormRead = { ok: true; form: FormData } | { ok: false; refusal: ReturnType<typeof data<ActionError>> };

const refuse = (status: number, error: string): FormRead => ({ ok: false, refusal: data<ActionError>({ error, fieldErrors: {}, problems: [] }, { status }) });

/**
 * Reads a posted form, but never more than `maxBytes` of it: a declared length over the limit is
 * refused before a byte is read, and a body that turns out longer is refused as soon as it passes
 * the limit, so an oversized upload costs neither the memory nor the parsing time of its whole size.
 */
export async function readFormWithin(request: Request, limit: { maxBytes: number; tooLarge: string }): Promise<FormRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit.maxBytes) return refuse(413, limit.tooLarge);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit.maxBytes) {
      await reader.cancel();
      return refuse(413, limit.tooLarge);
    }
    chunks.push(value);
  }
  try {
    const form = await new Response(Buffer.concat(chunks), { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData();
    return { ok: true, form };
  } catch {
    return refuse(400, 'The form could not be read (it was cut short or is not a form). Send it again.');
  }
}
