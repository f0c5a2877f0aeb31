// The tickets API has no "my tickets" route, and `GET /api/tickets` leaves reserved tickets out.
// So this browser remembers the ids of the tickets the user listed here, to find their reserved
// ones by id. Best effort: listings made in another browser show up only while available.

const keyFor = (userId: string) => `ticketing:listings:${userId}`;

export function rememberedListings(userId: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(keyFor(userId)) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberListing(userId: string, ticketId: string): void {
  try {
    const ids = new Set([ticketId, ...rememberedListings(userId)]);
    localStorage.setItem(keyFor(userId), JSON.stringify([...ids]));
  } catch {
    // Storage full or disabled: the listing still shows while it is available.
  }
}
