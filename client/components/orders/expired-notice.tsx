import { ButtonLink } from '@/components/ui/button-link';
import { Notice } from '@/components/ui/notice';

/** An order whose time ran out (or that was cancelled): say so and lead back to the ticket. */
export function ExpiredNotice({ ticketId, cancelled }: { ticketId: string; cancelled?: boolean }) {
  return (
    <Notice
      tone="warning"
      title={cancelled ? 'This order was cancelled.' : 'This order has expired.'}
      role="status"
    >
      <p>
        The ticket is no longer held for you. If it is still for sale, you can reserve it again.
      </p>
      <ButtonLink href={`/tickets/${ticketId}`} variant="secondary">
        Back to the ticket
      </ButtonLink>
    </Notice>
  );
}
