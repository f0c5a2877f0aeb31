import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// One of OWASP's equivalent scrypt settings (N=2^14, r=8, p=5): 16 MiB per hash, so it stays
// within Node's default memory cap and a pod's limits while costing ~0.2 s of CPU.
// https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt
const COST = { N: 2 ** 14, r: 8, p: 5 };
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, COST, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** The stored form of `password`: `<salt>.<key>` in hex, with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await deriveKey(password, salt);
  return `${salt.toString('hex')}.${key.toString('hex')}`;
}

/** Whether `supplied` is the password `stored` was made from; compared in constant time. */
export async function verifyPassword(stored: string, supplied: string): Promise<boolean> {
  const [saltHex, keyHex, ...rest] = stored.split('.');
  if (!saltHex || !keyHex || rest.length > 0) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await deriveKey(supplied, Buffer.from(saltHex, 'hex'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one `verifyPassword` without a stored hash to check against, so that a
 * sign-in for an unknown email takes as long as one for a known email with a wrong password.
 */
export async function spendPasswordCheck(supplied: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(SALT_LENGTH).toString('hex'));
  await verifyPassword(await decoy, supplied);
}
