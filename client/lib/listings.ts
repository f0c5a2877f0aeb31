import { endpoints, nextCursor } from './api/endpoints';
import { serverApi } from './api/server';
import type { ApiErrorItem, Ticket } from './api/types';

const PAGE_SIZE = 100;
const MAX_PAGES = 20;

export type Listings =
  | { ok: true; forSale: Ticket[]; reserved: Ticket[]; truncated: boolean }
  | { ok: false; errors: ApiErrorItem[] };

/**
 * The signed-in user's tickets (`GET /api/tickets?seller=me`, newest first), split into those
 * for sale and those a buyer's order holds; at most MAX_PAGES × PAGE_SIZE of them.
 */
export async function myListings(): Promise<Listings> {
  const tickets: Ticket[] = [];
  let cursor: string | undefined;
  let truncated = true;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await serverApi(endpoints.myTickets({ cursor, limit: PAGE_SIZE }));
    if (!result.ok) return { ok: false, errors: result.errors };
    tickets.push(...result.data);
    cursor = nextCursor(result.headers);
    if (!cursor) {
      truncated = false;
      break;
    }
  }
  return {
    ok: true,
    forSale: tickets.filter((ticket) => !ticket.orderId),
    reserved: tickets.filter((ticket) => ticket.orderId),
    truncated,
  };
}
