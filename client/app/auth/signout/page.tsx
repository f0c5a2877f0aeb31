import type { Metadata } from 'next';

import { SignOut } from '@/components/auth/sign-out';

export const metadata: Metadata = { title: 'Sign out' };

export default function SignOutPage() {
  return (
    <>
      <h1>Sign out</h1>
      <SignOut />
    </>
  );
}
