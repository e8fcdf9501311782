import { describe, expect, it } from 'vitest';
import { demoPassword } from '~/seeds/demo';
import { goto, signInAs, useBrowserPortal } from '../support/browser';

describe('a payment milestone released in the browser', () => {
  const session = useBrowserPortal();

  it('asks the PM to confirm: dismissing records nothing, confirming records the release', async () => {
    const { page, portal, errors } = session;
    await signInAs(page, portal.url, 'pm@demo.test', demoPassword);
    await goto(page, `${portal.url}/projects/1/vendors`);
    const release = page.getByRole('button', { name: 'Record the release' });
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await release.click();
    expect(dialogs[0]).toContain('Design and configuration of the commercial banker plan');
    expect(await page.getByText(/^Released \d{4}-\d{2}-\d{2}$/).count()).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await release.click();
    await page.getByText(/^Released \d{4}-\d{2}-\d{2}$/).waitFor();
    expect(await page.getByRole('button', { name: 'Record the release' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
