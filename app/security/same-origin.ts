const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request whose Origin is another site (or that the browser marks cross-site) is
 * refused before any action runs: the session cookie alone never authorises a write.
 */
export function isCrossSiteWrite(req: { method: string; origin?: string; secFetchSite?: string; host?: string }): boolean {
  if (safeMethods.has(req.method.toUpperCase())) return false;
  if (req.secFetchSite === 'cross-site' || req.secFetchSite === 'same-site') return true;
  if (!req.origin) return false;
  if (req.origin === 'null') return true;
  try {
    return new URL(req.origin).host !== req.host;
  } catch {
    return true;
  }
}
