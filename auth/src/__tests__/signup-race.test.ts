import { useTestDatabase } from '@ticketing/test-kit';

import { User } from '../models/user';
import { testApp } from '../test/app';
import { credentials, signUp } from '../test/users';

useTestDatabase();

const SIMULTANEOUS = 20;
const app = testApp();

async function raceSignUps(emails: string[]) {
  const responses = await Promise.all(emails.map((email) => signUp(app, credentials({ email }))));
  return {
    created: responses.filter((response) => response.status === 201),
    refused: responses.filter((response) => response.status === 400),
  };
}

describe('simultaneous sign-ups for one email', () => {
  test('exactly one succeeds, every other is told Email in use, and one user is stored', async () => {
    const emails = Array.from({ length: SIMULTANEOUS }, () => 'racer@example.com');

    const { created, refused } = await raceSignUps(emails);

    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(SIMULTANEOUS - 1);
    for (const response of refused) {
      expect(response.body).toStrictEqual({ errors: [{ message: 'Email in use' }] });
    }
    expect(await User.countDocuments({ email: 'racer@example.com' })).toBe(1);
  });

  test('spellings that differ only in case race for the same email', async () => {
    const emails = Array.from({ length: SIMULTANEOUS }, (_, index) =>
      index % 2 === 0 ? 'Racer@Example.com' : 'racer@EXAMPLE.com',
    );

    const { created, refused } = await raceSignUps(emails);

    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(SIMULTANEOUS - 1);
    expect(await User.countDocuments()).toBe(1);
  });
});
