import path from 'node:path';

import type { Page } from 'playwright-core';

import { check } from './report';
import { settings } from './settings';

export interface Account {
  email: string;
  password: string;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(settings.screenshotDir, `${name}.png`), fullPage: true });
}

/** The header says who is signed in. */
export async function expectSignedInAs(page: Page, email: string): Promise<void> {
  await page.getByText(`Signed in as ${email}`).waitFor();
}

export async function signUp(page: Page, account: Account): Promise<void> {
  await page.goto(`${settings.baseUrl}/auth/signup`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expectSignedInAs(page, account.email);
}

/** Invalid input: the contract's messages appear next to the fields they name. */
export async function expectSignUpFieldErrors(page: Page): Promise<void> {
  await page.goto(`${settings.baseUrl}/auth/signup`);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const email = page.getByLabel('Email');
  await page.getByText('Email must be valid').waitFor();
  check((await email.getAttribute('aria-invalid')) === 'true', 'the email field is not invalid');
  const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
  const message = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent();
  check(message === 'Email must be valid', `the email field is described by "${message}"`);
}

export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(`${settings.baseUrl}/auth/signin`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectSignedInAs(page, account.email);
}

/** A `next` that naive checks let through: browsers drop the tab, leaving `//evil.example`. */
export const OFF_SITE_NEXT = '/\t/evil.example';

/**
 * Signs in from a sign-in link whose `next` leads off-site, then opens that link again while
 * signed in (the server's redirect): both must stay on this site. Returns where each landed.
 */
export async function signInWithOffSiteNext(
  page: Page,
  account: Account,
): Promise<{ afterSignIn: URL; whileSignedIn: URL }> {
  const link = `${settings.baseUrl}/auth/signin?next=${encodeURIComponent(OFF_SITE_NEXT)}`;
  await page.goto(link);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/auth/signin');
  const afterSignIn = new URL(page.url());
  await page.goto(link);
  const whileSignedIn = new URL(page.url());
  return { afterSignIn, whileSignedIn };
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  check(!(await page.getByText('Signed in as').count()), 'the header still shows a user');
}

/** Lists a ticket and returns its id, read from the ticket page it opens. */
export async function sellTicket(page: Page, title: string, price: string): Promise<string> {
  await page.getByRole('link', { name: 'Sell a ticket' }).first().click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Price (USD)').fill(price);
  await screenshot(page, '03-sell-a-ticket');
  // A double click: the form must send one request, so one ticket is listed (checked later).
  await page.getByRole('button', { name: 'List ticket' }).dblclick();
  await page.waitForURL(
    (url) => /^\/tickets\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
  );
  await page.getByRole('heading', { name: title }).waitFor();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

export async function changeListingPrice(page: Page, ticketId: string, price: string) {
  await page.goto(`${settings.baseUrl}/listings`);
  const row = page.locator(`[data-ticket-id="${ticketId}"]`);
  const title = (await row.getByRole('link').textContent()) ?? '';
  const sameTitle = await page.getByRole('link', { name: title, exact: true }).count();
  check(sameTitle === 1, `${sameTitle} listings titled "${title}": the form was sent twice`);
  await row.getByLabel(/New price/).fill(price);
  await row.getByRole('button', { name: 'Save price' }).click();
  await row.getByText('Saved.').waitFor();
}

/** Buys the ticket and returns the new order's id, read from the order page it opens. */
export async function purchase(page: Page, ticketId: string): Promise<string> {
  await page.goto(`${settings.baseUrl}/tickets/${ticketId}`);
  await screenshot(page, '05-ticket');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await page.waitForURL(/\/orders\/[^/?]+$/);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

const seconds = (clock: string) => {
  const [minutes = 0, rest = 0] = clock.split(':').map(Number);
  return minutes * 60 + rest;
};

/** The countdown shows mm:ss and goes down while the page is open. */
export async function expectCountdownRunning(page: Page): Promise<void> {
  const timer = page.getByRole('timer');
  const first = (await timer.textContent()) ?? '';
  check(/^\d{2}:\d{2}$/.test(first), `the countdown shows "${first}"`);
  await page.waitForTimeout(2_500);
  const second = (await timer.textContent()) ?? '';
  check(seconds(second) < seconds(first), `the countdown did not move (${first} → ${second})`);
}

export async function payInTestMode(page: Page): Promise<void> {
  await page.getByText('Test mode — no real card is charged').waitFor();
  await page.getByRole('button', { name: /with the test card/ }).click();
  await page.waitForURL(/\/orders\?paid=/);
}

/** "My orders" shows the order as complete (the page refreshes itself until it is). */
export async function expectOrderComplete(page: Page, orderId: string): Promise<void> {
  const status = page.locator(`[data-order-id="${orderId}"] [data-status]`);
  const deadline = Date.now() + settings.completeTimeoutMs;
  while ((await status.getAttribute('data-status')) !== 'complete') {
    check(Date.now() < deadline, `the order is still "${await status.textContent()}"`);
    await page.waitForTimeout(1_000);
  }
}

/** The seller's sold ticket is listed as not editable, with the reason. */
export async function expectListingNotEditable(page: Page, ticketId: string): Promise<void> {
  await page.goto(`${settings.baseUrl}/listings`);
  const row = page.locator(`[data-ticket-id="${ticketId}"]`);
  await row.getByText("Can't be edited").waitFor();
  check(!(await row.getByRole('button').count()), 'the reserved listing offers a form');
}
