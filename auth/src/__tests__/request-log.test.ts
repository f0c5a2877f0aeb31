import { captureLogs, useTestDatabase } from '@ticketing/test-kit';

import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { sessionCookieOf } from '../test/session';
import { credentials, signUp } from '../test/users';

useTestDatabase();

function appWithCapturedLog() {
  const { logger, lines } = captureLogs();
  return { app: testApp({ logger }), lines };
}

describe('the request log', () => {
  test('has one line per request with its id, method, URL and status', async () => {
    const { app, lines } = appWithCapturedLog();

    const response = await viaIngress(app).get('/api/users/currentuser');

    const [line, ...others] = lines;
    expect(others).toHaveLength(0);
    expect(line).toMatchObject({
      req: { id: response.get('X-Request-Id'), method: 'GET', url: '/api/users/currentuser' },
      res: { statusCode: 200 },
    });
  });

  test('never holds the session cookie, in either direction, or the password', async () => {
    const { app, lines } = appWithCapturedLog();
    const details = credentials({ password: 'a very secret password' });
    const signup = await signUp(app, details);
    const cookie = sessionCookieOf(signup);

    await viaIngress(app).get('/api/users/currentuser', cookie);

    const log = lines.map((line) => JSON.stringify(line)).join('\n');
    const token = cookie.replace(/^session=/, '');
    expect(log).not.toContain(token);
    expect(log).not.toContain(details.password);
    expect(log).toContain('"cookie":"[redacted]"');
    expect(log).toContain('"set-cookie":"[redacted]"');
  });

  test('health probes are not logged', async () => {
    const { app, lines } = appWithCapturedLog();

    await viaIngress(app).get('/healthz');

    expect(lines).toHaveLength(0);
  });
});
