import type { BrowserContext } from 'playwright-core';

import { check } from './report';

/** The browser's cookies for the site, as a Cookie header. */
async function cookieHeader(context: BrowserContext, baseUrl: string): Promise<string> {
  const cookies = await context.cookies(baseUrl);
  check(
    cookies.some((cookie) => cookie.name === 'session'),
    'the browser holds no session cookie',
  );
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/**
 * Fetches a page as plain HTML — no browser, no JavaScript — with the browser's session
 * cookie, and checks that the server already rendered the header for the signed-in user.
 */
export async function expectServerRenderedUser(
  context: BrowserContext,
  baseUrl: string,
  path: string,
  email: string,
): Promise<string> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { cookie: await cookieHeader(context, baseUrl), accept: 'text/html' },
    redirect: 'manual',
  });
  check(response.status === 200, `GET ${path} answered ${response.status}, not 200`);
  const html = await response.text();
  check(
    html.includes(`data-current-user="${email}"`),
    `the HTML of ${path} does not name ${email} in the header`,
  );
  check(html.includes('>Sign out<'), `the HTML of ${path} has no "Sign out" link`);
  return html;
}

/** Without a cookie the same server rendering shows a signed-out header. */
export async function expectServerRenderedSignedOut(baseUrl: string): Promise<void> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  check(!html.includes('data-current-user='), 'a request without a cookie shows a user');
  check(html.includes('>Sign in<'), 'the signed-out header has no "Sign in" link');
}
