/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it stands, reporting serious and critical
 * violations. axe runs in the page itself (its source evaluated once per document), not through
 * @axe-core/playwright's AxeBuilder: on this Chromium, AxeBuilder's `analyze` evaluated the 550 kB source
 * twice and opened a blank page to merge results for every page checked, 1.0-1.7 s per page against
 * 0.3 s here, for the same rules on pages without frames (docs/decisions/0023-axe-in-page.md).
 */
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type Violation = { page: string; rule: string; impact: string; help: string; targets: string[] };

/**
 * For a context that checks many pages: axe's source as an init script of every document it opens.
 * Measured here, it adds about 100 ms to a page's load, where evaluating it into the loaded page took 400.
 */
export async function withAxe(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript({ content: axe.source });
  return context;
}

export async function seriousViolations(page: Page, label = page.url()): Promise<Violation[]> {
  // A page with frames would need each frame checked: none of the portal's pages has one, and this says so if that changes.
  if (page.frames().length > 1) throw new Error(`${label} has frames: check each frame with axe too`);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (values) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
    tags,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: label, rule: v.id, impact: String(v.impact), help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
