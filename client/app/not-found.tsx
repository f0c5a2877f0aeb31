import type { Metadata } from 'next';

import { ButtonLink } from '@/components/ui/button-link';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is nothing here. The ticket or order may not exist, or the link may be mistyped.</p>
      <ButtonLink href="/">Tickets for sale</ButtonLink>
    </>
  );
}
