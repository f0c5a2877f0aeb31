import { User, type UserDoc } from '../models/user';
import { spendPasswordCheck, verifyPassword } from './password';

/**
 * The user with this email and password, or undefined. An unknown email costs the same hash
 * as a wrong password, so the time taken does not tell who has an account.
 */
export async function authenticate(email: string, password: string): Promise<UserDoc | undefined> {
  const user = await User.findOne({ email });
  if (!user) {
    await spendPasswordCheck(password);
    return undefined;
  }
  return (await verifyPassword(user.password, password)) ? user : undefined;
}
