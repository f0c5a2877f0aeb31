import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { User } from '../models/user';
import { testApp } from '../test/app';
import { viaIngress } from '../test/requests';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const app = testApp();
const ROUTES = ['/api/users/signup', '/api/users/signin'];

const BAD_BODIES: [string, object][] = [
  ['an operator object as the email', { email: { $gt: '' }, password: 'password123' }],
  ['an operator object as the password', { email: 'a@example.com', password: { $ne: null } }],
  ['an array as the email', { email: ['a@example.com'], password: 'password123' }],
  ['a number as the password', { email: 'a@example.com', password: 12345678 }],
  ['null as the email', { email: null, password: 'password123' }],
  ['a $-key at the top level', { email: 'a@example.com', password: 'password123', $where: '1' }],
  ['a dotted key', { email: 'a@example.com', password: 'password123', 'profile.role': 'admin' }],
];

describe.each(ROUTES)('bodies of the wrong shape sent to %s', (route) => {
  test.each(BAD_BODIES)('%s is refused with 400 in the error shape', async (_name, body) => {
    const response = await viaIngress(app).post(route, body);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([{ message: expect.any(String), field: expect.any(String) }]),
    );
    expect(await User.countDocuments()).toBe(0);
  });
});

describe('operator injection at sign-in', () => {
  test('an operator that would match any user does not sign anyone in', async () => {
    await signUp(app);

    const response = await viaIngress(app).post('/api/users/signin', {
      email: { $gt: '' },
      password: { $gt: '' },
    });

    expect(response.status).toBe(400);
    expect(response.get('Set-Cookie')).toBeUndefined();
  });
});

describe('bodies that are not usable JSON', () => {
  test('malformed JSON is refused with 400', async () => {
    const response = await viaIngress(app)
      .post('/api/users/signup')
      .set('Content-Type', 'application/json')
      .send('{"email": ');

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Request body is not valid JSON' }],
    });
  });

  test('a body over the size limit is refused with 413', async () => {
    const huge = credentials({ password: 'p'.repeat(20 * 1024) });

    const response = await viaIngress(app).post('/api/users/signup', huge);

    expect(response.status).toBe(413);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Request body too large' }] });
    expect(await User.countDocuments()).toBe(0);
  });

  test('a body that is not JSON at all is treated as missing fields', async () => {
    const response = await viaIngress(app)
      .post('/api/users/signup')
      .set('Content-Type', 'text/plain')
      .send('email=a@example.com');

    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ message: 'Email must be valid', field: 'email' });
  });
});

describe('unknown routes', () => {
  test.each([
    ['GET', '/api/users/nothing-here'],
    ['GET', '/api/users/signup'],
    ['DELETE', '/api/users/currentuser'],
    ['GET', '/'],
  ])('%s %s answers 404 Not Found', async (method, path) => {
    const response = await request(app)[method === 'GET' ? 'get' : 'delete'](path);

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not Found' }] });
  });
});

describe('response headers', () => {
  test('helmet hardens every response and Express does not announce itself', async () => {
    const response = await viaIngress(app).get('/api/users/currentuser');

    expect(response.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.get('Strict-Transport-Security')).toBeDefined();
    expect(response.get('X-Powered-By')).toBeUndefined();
  });

  test('each response carries a request id, the caller’s own when it sent one', async () => {
    const given = await viaIngress(app)
      .get('/api/users/currentuser')
      .set('X-Request-Id', 'abc-123');
    const generated = await viaIngress(app).get('/api/users/currentuser');

    expect(given.get('X-Request-Id')).toBe('abc-123');
    expect(generated.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
