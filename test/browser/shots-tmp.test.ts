import { describe, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

describe('shots', () => {
  const session = useBrowserPortal();
  it('shots', async () => {
    const { page, portal } = session;
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    for (const [name, path] of (process.env.SHOTS ?? '').split(',').map((x) => x.split('='))) {
      await goto(page, `${portal.url}${path}`);
      await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
    }
  }, 120_000);
});
