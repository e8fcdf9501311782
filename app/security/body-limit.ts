/**
 * The largest request body the server reads, for every route: room for the largest legitimate upload
 * (a parallel run's four CSV files, or a requirements import, each within its own stated limit) and
 * the multipart framing around it. Anything larger is refused before a byte of it is read.
 */
export const maxBodyBytes = 25 * 1024 * 1024;

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
