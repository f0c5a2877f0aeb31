import { redirect } from 'next/navigation';
import { cache } from 'react';

import { endpoints } from './api/endpoints';
import { serverApi } from './api/server';
import type { CurrentUser } from './api/types';
import { signInPath } from './paths';

/** The signed-in user of this request, asked of the API once however many components need it. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const result = await serverApi(endpoints.currentUser());
  return result.ok ? result.data.currentUser : null;
});

/** The signed-in user, or a redirect to sign in that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}
