import { check } from './report';

/** The stack answers: the client's health route and the auth service, through the gateway. */
export async function expectStackUp(baseUrl: string): Promise<void> {
  const health = await fetch(`${baseUrl}/healthz`).catch((error: Error) => {
    throw new Error(`nothing answers at ${baseUrl} (${error.message}); is the stack running?`);
  });
  check(health.ok, `GET ${baseUrl}/healthz answered ${health.status}`);
  const currentUser = await fetch(`${baseUrl}/api/users/currentuser`);
  check(currentUser.ok, `GET /api/users/currentuser answered ${currentUser.status}`);
}
