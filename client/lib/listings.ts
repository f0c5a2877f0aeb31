import { endpoints, nextCursor } from './api/endpoints';
import { serverApi } from './api/server';
import type { ApiErrorItem, Ticket } from './api/types';

const PAGE_SIZE = 100;
const MAX_PAGES = 20;

export type AvailableListings =
  { ok: true; tickets: Ticket[]; truncated: boolean } | { ok: false; errors: ApiErrorItem[] };

/**
 * The user's tickets that are for sale. The API has no "mine" filter, so this walks the pages
 * of available tickets and keeps the user's own, up to MAX_PAGES × PAGE_SIZE tickets.
 */
export async function availableListingsOf(userId: string): Promise<AvailableListings> {
  const tickets: Ticket[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await serverApi(endpoints.availableTickets({ cursor, limit: PAGE_SIZE }));
    if (!result.ok) return { ok: false, errors: result.errors };
    tickets.push(...result.data.filter((ticket) => ticket.userId === userId));
    cursor = nextCursor(result.headers);
    if (!cursor) return { ok: true, tickets, truncated: false };
  }
  return { ok: true, tickets, truncated: true };
}
