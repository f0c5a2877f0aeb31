import type { Logger } from 'pino';

import { doneBuyerSlot, Order } from '../models/order';

/**
 * Gives every order stored before buyer slots existed the slot of a finished order, so the
 * unique `buyerSlot` index can be built (the index counts a missing field as a value, and the
 * servers we run on take no sparse or partial index). Such an order, even if still unpaid,
 * then does not count against its buyer's cap; it lapses within one hold. Run before
 * `Order.init()`; a second run finds nothing to do.
 */
export async function backfillBuyerSlots(logger: Logger): Promise<number> {
  const old = await Order.find({ buyerSlot: { $exists: false } }, { _id: 1 }).lean();
  for (const { _id } of old) {
    await Order.updateOne(
      { _id, buyerSlot: { $exists: false } },
      { $set: { buyerSlot: doneBuyerSlot(String(_id)) } },
    );
  }
  if (old.length > 0) logger.info({ orders: old.length }, 'gave orders stored before slots a slot');
  return old.length;
}
