const DAY_MS = 86_400_000;

/**
 * How long after an order's `expiresAt` its `order:created` is still applied. A service that
 * must tell a late `order:created` from one of an order already cancelled (tickets keeps a
 * record of each cancellation for that) may forget a cancellation once it is older than the
 * horizon plus `ORDER_CREATED_HORIZON_MARGIN_MS`; past the horizon it could no longer tell, so
 * such an event is parked rather than applied, and a replay refuses it.
 */
export const ORDER_CREATED_HORIZON_MS = 30 * DAY_MS;

/**
 * Covers what lies between an order's cancellation being recorded and its `expiresAt`: the
 * order is cancelled after it was created, at most `MAX_ORDER_HOLD_SECONDS` before its
 * `expiresAt`, and the hosts' clocks may differ by a few hours at most.
 */
export const ORDER_CREATED_HORIZON_MARGIN_MS = DAY_MS;

/** The longest hold orders may be configured with (`EXPIRATION_WINDOW_SECONDS`): half the
 * margin, leaving the other half to clock differences. */
export const MAX_ORDER_HOLD_SECONDS = 12 * 3_600;

/** True when `order:created` of an order expiring at `expiresAt` is past the horizon. */
export const isPastOrderCreatedHorizon = (expiresAt: string, now = Date.now()): boolean =>
  Date.parse(expiresAt) < now - ORDER_CREATED_HORIZON_MS;
