import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { AuthForm } from '@/components/auth/auth-form';
import { safeReturnPath } from '@/lib/paths';
import { getCurrentUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: PageProps<'/auth/signup'>) {
  const returnTo = safeReturnPath((await searchParams).next);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <>
      <h1>Create an account</h1>
      <AuthForm mode="signup" returnTo={returnTo} />
    </>
  );
}
