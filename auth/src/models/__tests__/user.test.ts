import { useTestDatabase } from '@ticketing/test-kit';

import { verifyPassword } from '../../services/password';
import { User } from '../user';

useTestDatabase();

describe('the User model', () => {
  test('a user is shown as id and email only: no _id, __v or password', async () => {
    const user = await User.build({ email: 'shown@example.com', password: 'password123' }).save();

    expect(user.toJSON()).toStrictEqual({ id: user.id, email: 'shown@example.com' });
    expect(JSON.parse(JSON.stringify(user))).toStrictEqual({
      id: user.id,
      email: 'shown@example.com',
    });
  });

  test('the password is stored as a hash that verifies against it', async () => {
    const user = await User.build({ email: 'hash@example.com', password: 'password123' }).save();

    const stored = await User.findById(user.id).orFail();

    expect(stored.password).not.toBe('password123');
    await expect(verifyPassword(stored.password, 'password123')).resolves.toBe(true);
  });

  test('saving again without a new password keeps the hash as it is', async () => {
    const user = await User.build({ email: 'keep@example.com', password: 'password123' }).save();
    const hash = user.password;

    user.email = 'kept@example.com';
    await user.save();

    expect((await User.findById(user.id).orFail()).password).toBe(hash);
  });

  test('emails are stored trimmed and lower-cased', async () => {
    const user = await User.build({
      email: '  Upper@Example.COM ',
      password: 'password123',
    }).save();

    expect(user.email).toBe('upper@example.com');
  });

  test('the unique index refuses a second user with the same email in any case', async () => {
    await User.build({ email: 'once@example.com', password: 'password123' }).save();

    const second = User.build({ email: 'ONCE@example.com', password: 'password123' }).save();

    await expect(second).rejects.toMatchObject({ code: 11000 });
  });
});
