import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Portal, startPortal } from './server';

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

/** A browser page that collects the application's own errors (an aborted fetch of an interrupted navigation is not one). */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    if (!/aborted/.test(e.message)) errors.push(e.message);
  });
  page.on('console', (m) => {
    // Refused form posts answer 4xx by design; the browser logs those as resource errors.
    if (m.type() === 'error' && !/status of 4(00|22)/.test(m.text())) errors.push(m.text());
  });
  return { page, errors };
}

/** For a browser test file: a started demo portal, Chromium, and one page collecting errors. */
export function useBrowserPortal() {
  const session = {} as { portal: Portal; browser: Browser; page: Page; errors: string[] };
  beforeAll(async () => {
    session.portal = await startPortal();
    session.browser = await launchBrowser();
    Object.assign(session, await openPage(session.browser));
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.portal?.stop();
  });
  return session;
}
