// Orders stored before buyer slots existed have no buyerSlot; on MongoDB the unique index cannot
// be built over two of them (a missing field counts as null) until each is given one. FerretDB
// builds it anyway, so the test checks what the backfill writes, not the server's refusal.
import { OrderStatus } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { Order } from '../../models/order';
import { silentLogger } from '../../test/app';
import { newId } from '../../test/factories';
import { backfillBuyerSlots } from '../backfill-buyer-slots';

useTestDatabase();

const storedBeforeSlots = (status: OrderStatus) => ({
  _id: new mongoose.Types.ObjectId(),
  userId: newId(),
  status,
  expiresAt: new Date(),
  price: 10,
  ticket: newId(),
  ticketLock: newId(),
  version: 0,
});

describe('backfillBuyerSlots', () => {
  beforeEach(async () => {
    // As on a database from before: no buyerSlot index, orders without the field.
    await Order.init();
    await Order.collection.dropIndex('buyerSlot_1');
  });
  afterEach(() => Order.createIndexes());

  test('gives every old order a finished slot, so the unique index can be built', async () => {
    const old = [storedBeforeSlots(OrderStatus.Created), storedBeforeSlots(OrderStatus.Complete)];
    await Order.collection.insertMany(old);

    const given = await backfillBuyerSlots(silentLogger);
    await Order.createIndexes();

    expect(given).toBe(2);
    const stored = await Order.find().sort({ _id: 1 }).lean();
    expect(stored.map((order) => order.buyerSlot)).toStrictEqual(
      old.map((order) => `done:${order._id.toHexString()}`),
    );
    expect(await backfillBuyerSlots(silentLogger)).toBe(0);
  });
});
