/**
 * The largest request body the server reads, for every route: room for the largest legitimate upload
 * (a parallel run's four CSV files, or a requirements import, each within its own stated limit) and
 * the multipart framing around it. Anything larger is refused before a byte of it is read.
 */
export const maxBodyBytes = 25 * 1024 * 1024;

/**
 * The one exception: a modeling dataset upload (the modeling page's form) carries up to a million
 * transaction rows (workflows/modeling/datasets.ts `maxModelingFormBytes`, which this must cover).
 */
export const maxModelingBodyBytes = 110 * 1024 * 1024;

/** The body limit of a request's path: the modeling page's uploads get theirs, every other route the general one. */
export const bodyLimitFor = (path: string) => (/^\/projects\/\d+\/modeling\/?$/.test(path) ? maxModelingBodyBytes : maxBodyBytes);

export type BodyRefusal = { status: 411 | 413; message: string };

/**
 * Whether a request's body may be read, from its headers alone. A body must state its length (browsers
 * always do for forms and uploads), so the limit holds without counting a stream; Node never reads
 * more than the stated length.
 */
export function refuseBody(headers: { contentLength?: string; transferEncoding?: string }, limit = maxBodyBytes): BodyRefusal | null {
  const megabytes = `${Math.round(limit / (1024 * 1024))} MB`;
  if (headers.contentLength === undefined) {
    if (!headers.transferEncoding) return null;
    return { status: 411, message: `Send the request with its length (Content-Length): the portal reads bodies of at most ${megabytes}.` };
  }
  const length = Number(headers.contentLength);
  if (Number.isSafeInteger(length) && length >= 0 && length <= limit) return null;
  return {
    status: 413,
    message: `This request is larger than the portal accepts: at most ${megabytes} per request. Nothing was saved. Upload a smaller file, or split it into several.`,
  };
}
