// The whole marketplace in a real browser: a seller lists a ticket, a buyer reserves and pays
// for it, and the order ends complete. Runs against a running stack at BASE_URL.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import * as act from './support/actions';
import { check, Report } from './support/report';
import { expectServerRenderedSignedOut, expectServerRenderedUser } from './support/server-render';
import { settings } from './support/settings';
import { expectStackUp } from './support/stack';

const run = Date.now().toString(36);
const seller: act.Account = { email: `seller-${run}@example.com`, password: 'seller-password' };
const buyer: act.Account = { email: `buyer-${run}@example.com`, password: 'buyer-password' };
const title = `Journey concert ${run}`;
const { baseUrl } = settings;

/** Seller: signs up, lists a ticket, edits its price, signs out. Returns the ticket id. */
async function sell(report: Report, page: Page): Promise<string> {
  await report.step('home page answers', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Tickets for sale' }).waitFor();
  });
  await report.step('sign-up shows the field errors', async () => {
    await act.expectSignUpFieldErrors(page);
    await act.screenshot(page, '02-sign-up-errors');
  });
  await report.step(`sign up as seller ${seller.email}`, () => act.signUp(page, seller));
  const ticketId = await report.step('list a ticket', () => act.sellTicket(page, title, '20'));
  await report.step('change its price in My listings', async () => {
    await act.changeListingPrice(page, ticketId, '25.50');
    await act.screenshot(page, '04-my-listings');
  });
  await report.step('sign out; the home page lists the ticket', async () => {
    await act.signOut(page);
    await page.getByRole('link', { name: title }).waitFor();
    await act.screenshot(page, '01-home');
  });
  await report.step('server renders a signed-out header', () =>
    expectServerRenderedSignedOut(baseUrl),
  );
  return ticketId;
}

/**
 * Buyer: signs up, purchases, watches the countdown, pays, sees the order complete; then the
 * seller sees the ticket as no longer editable.
 */
async function buy(report: Report, context: BrowserContext, page: Page, ticketId: string) {
  await report.step(`sign up as buyer ${buyer.email}`, () => act.signUp(page, buyer));
  const orderId = await report.step('purchase the ticket', () => act.purchase(page, ticketId));
  await report.step('countdown runs on the order page', async () => {
    await act.expectCountdownRunning(page);
    await act.screenshot(page, '06-order');
  });
  await report.step('server renders the signed-in user (HTML, no JS)', async () => {
    await expectServerRenderedUser(context, baseUrl, `/orders/${orderId}`, buyer.email);
    await expectServerRenderedUser(context, baseUrl, '/', buyer.email);
  });
  await report.step('pay in test mode', () => act.payInTestMode(page));
  await report.step('order is complete in My orders', async () => {
    await act.expectOrderComplete(page, orderId);
    await act.screenshot(page, '07-my-orders');
  });
  await report.step('sign out; sign in as the seller from a link leading off-site', async () => {
    await act.signOut(page);
    const { afterSignIn, whileSignedIn } = await act.signInWithOffSiteNext(page, seller);
    const site = new URL(baseUrl).origin;
    for (const landed of [afterSignIn, whileSignedIn]) {
      check(
        landed.origin === site && landed.pathname === '/',
        `next=${JSON.stringify(act.OFF_SITE_NEXT)} sent the browser to ${landed.href}`,
      );
    }
    await act.expectSignedInAs(page, seller.email);
  });
  await report.step('the sold ticket cannot be edited in My listings', async () => {
    await act.expectListingNotEditable(page, ticketId);
    await act.screenshot(page, '08-my-listings-sold');
  });
  await report.step('home page on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/`);
    await act.screenshot(page, '09-home-mobile');
  });
}

const launch = () =>
  chromium.launch({
    executablePath: settings.chromiumPath,
    headless: settings.headless,
    // Containers often run the journey as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', ...settings.chromiumArgs],
  });

async function journey(report: Report): Promise<void> {
  await report.step(`stack answers at ${baseUrl}`, () => expectStackUp(baseUrl));
  const browser: Browser = await report.step('launch Chromium', launch);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    ignoreHTTPSErrors: settings.ignoreHttpsErrors,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => {
    pageErrors.push(error.message);
    process.stdout.write(`     page error: ${error.message}\n`);
  });
  // Shown, not failed on: a refused request (400, 401) is logged by the browser too.
  page.on('console', (message) => {
    if (message.type() === 'error') process.stdout.write(`     console: ${message.text()}\n`);
  });
  try {
    const ticketId = await sell(report, page);
    await buy(report, context, page, ticketId);
    await report.step('no uncaught errors in the pages', async () =>
      check(pageErrors.length === 0, `${pageErrors.length} uncaught errors in the pages`),
    );
  } catch (error) {
    const failure = path.join(settings.screenshotDir, 'failure.png');
    await page.screenshot({ path: failure }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(settings.screenshotDir, { recursive: true });
  const report = new Report();
  try {
    await journey(report);
    report.passed();
  } catch (error) {
    report.failed(error);
    process.exitCode = 1;
  }
}

void main();
