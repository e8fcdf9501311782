/** The most pay-curve points a page draws and lists per run (every figure uses every participant). */
export const curvePoints = 1000;

/**
 * Every k-th point, in the engine's order, so that at most `curvePoints` are drawn: done on the job
 * thread, so ten thousand points per run do not cross to the web worker and into the page only to be
 * dropped there.
 */
export function thinCurve<T>(list: T[]): T[] {
  const step = Math.ceil(list.length / curvePoints);
  return step <= 1 ? list : list.filter((_, i) => i % step === 0);
}
