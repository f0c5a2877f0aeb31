import { z } from 'zod';

import type { EventMap } from './event-map';
import { OrderStatus } from './order-status';
import { Subjects } from './subjects';

// One schema per subject, checked where an event is published and where it is received. Each
// is held to its event's interface by the type below, so the two cannot drift apart. Fields a
// newer publisher adds are let through and dropped (adding a field is a minor version).
const id = z.string().min(1);
const version = z.int().min(0);
const price = z.number().min(0);

const ticket = { id, version, title: z.string().min(1), price, userId: id };

type EventSchemas = { [S in Subjects]: z.ZodType<EventMap[S]> };

export const eventSchemas: EventSchemas = {
  [Subjects.TicketCreated]: z.object(ticket),
  [Subjects.TicketUpdated]: z.object({ ...ticket, orderId: id.optional() }),
  [Subjects.OrderCreated]: z.object({
    id,
    version,
    status: z.enum(OrderStatus),
    userId: id,
    expiresAt: z.iso.datetime(),
    ticket: z.object({ id, price }),
  }),
  [Subjects.OrderCancelled]: z.object({ id, version, ticket: z.object({ id }) }),
  [Subjects.ExpirationComplete]: z.object({ orderId: id }),
  [Subjects.PaymentCreated]: z.object({ id, orderId: id, stripeId: id }),
  [Subjects.PaymentWindowClosed]: z.object({ orderId: id }),
};

export type EventDataCheck<S extends Subjects> =
  { ok: true; data: EventMap[S] } | { ok: false; error: string };

/** Checks a payload against its subject's schema; the error names every field that fails. */
export function checkEventData<S extends Subjects>(subject: S, data: unknown): EventDataCheck<S> {
  const result = eventSchemas[subject].safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  return { ok: false, error: `not a valid ${subject} payload: ${problems.join('; ')}` };
}

/** The payload as its subject's schema accepts it; throws naming what is wrong otherwise. A
 * publisher calls it, so a malformed event is refused before it is stored or sent. */
export function validEventData<S extends Subjects>(subject: S, data: unknown): EventMap[S] {
  const check = checkEventData(subject, data);
  if (!check.ok) throw new Error(check.error);
  return check.data;
}
