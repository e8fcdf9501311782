import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Debian's Chromium, headless, with everything that would reach for the network turned off. */
export async function launchBrowser(): Promise<Browser> {
  if (!executablePath) throw new Error('Chromium is not installed: apt-get install -y chromium (.ci/run does this)');
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Waits until React has hydrated, so clicks reach the app rather than a static page. */
export async function goto(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('html[data-hydrated="true"]');
}

export async function signInAs(page: Page, base: string, email: string, password: string) {
  await goto(page, `${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.waitForSelector('html[data-hydrated="true"]');
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
}
