import type { Metadata } from 'next';

import { ListingEditor } from '@/components/listings/listing-editor';
import styles from '@/components/listings/listings.module.css';
import { ReservedListings } from '@/components/listings/reserved-listings';
import { ButtonLink } from '@/components/ui/button-link';
import { LoadError } from '@/components/ui/load-error';
import { Notice } from '@/components/ui/notice';
import { myListings } from '@/lib/listings';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'My listings' };

export default async function ListingsPage() {
  await requireUser('/listings');
  const listings = await myListings();
  if (!listings.ok) return <LoadError what="Your listings" errors={listings.errors} />;

  return (
    <>
      <h1>My listings</h1>
      <section aria-labelledby="for-sale-heading">
        <h2 id="for-sale-heading">For sale</h2>
        {listings.forSale.length === 0 ? (
          <Notice tone="info" title="You have no tickets for sale.">
            <ButtonLink href="/tickets/new" variant="secondary">
              Sell a ticket
            </ButtonLink>
          </Notice>
        ) : (
          <ul className={styles.list}>
            {listings.forSale.map((ticket) => (
              <ListingEditor key={ticket.id} ticket={ticket} />
            ))}
          </ul>
        )}
        {listings.truncated && (
          <Notice tone="info">
            <p>Only your newest tickets are shown.</p>
          </Notice>
        )}
      </section>
      <ReservedListings tickets={listings.reserved} />
    </>
  );
}
