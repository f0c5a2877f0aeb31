import { hashPassword, spendPasswordCheck, verifyPassword } from '../password';

describe('password hashing', () => {
  test('a hash is a hex salt and a hex scrypt key, never the password', async () => {
    const hash = await hashPassword('password123');

    expect(hash).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{128}$/);
    expect(hash).not.toContain('password123');
  });

  test('the same password hashes differently each time (a salt per user)', async () => {
    const [first, second] = await Promise.all([
      hashPassword('password123'),
      hashPassword('password123'),
    ]);

    expect(first).not.toBe(second);
  });

  test('the password verifies against its hash and another does not', async () => {
    const hash = await hashPassword('password123');

    await expect(verifyPassword(hash, 'password123')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'password124')).resolves.toBe(false);
    await expect(verifyPassword(hash, '')).resolves.toBe(false);
  });

  test.each(['', 'no-dot', 'a.b.c', '.abc', 'abcd.'])(
    'a stored value that is not a hash (%p) never verifies',
    async (stored) => {
      await expect(verifyPassword(stored, 'password123')).resolves.toBe(false);
    },
  );

  test('checking a password with no user to compare against takes as long as a real check', async () => {
    const hash = await hashPassword('password123');
    await spendPasswordCheck('warm-up');
    const time = async (work: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };

    const real = await time(() => verifyPassword(hash, 'wrong password'));
    const spent = await time(() => spendPasswordCheck('wrong password'));

    // The same scrypt work, so the same order of time; generous bounds keep a busy CI green.
    expect(spent).toBeGreaterThan(real / 3);
    expect(spent).toBeLessThan(real * 3);
  });
});
