import { it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

const session = useBrowserPortal();
it('shots', async () => {
  const { page, portal } = session;
  await page.setViewportSize({ width: 1400, height: 900 });
  await signInAs(page, portal.url, 'viewer@demo.test', demoPassword);
  await goto(page, `${portal.url}/portfolio`);
  await page.screenshot({ path: '/tmp/shot-portfolio.png', fullPage: true });
});
