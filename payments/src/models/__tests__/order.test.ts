import { OrderStatus, OutOfOrderError } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { buildOrderCancelled, buildOrderCreated } from '../../test/factories';
import { Order } from '../order';

useTestDatabase();

describe('the order replica', () => {
  test('order:created stores version, owner, price, status and expiry under the order’s id', async () => {
    const created = buildOrderCreated({ ticket: { id: 'ticket', price: 12.5 } });

    await Order.recordCreated(created);

    const stored = await Order.findById(created.id);
    expect(stored?.toJSON()).toStrictEqual({
      id: created.id,
      version: 0,
      userId: created.userId,
      price: 12.5,
      status: OrderStatus.Created,
    });
    // The deadline a payment must start before.
    expect(stored?.expiresAt?.toISOString()).toBe(created.expiresAt);
  });

  test('order:created for an order already held changes nothing, even at once', async () => {
    const created = buildOrderCreated();
    await Order.recordCreated(created);
    await Order.recordCancelled(buildOrderCancelled(created));

    await Promise.all([Order.recordCreated(created), Order.recordCreated(created)]);

    expect(await Order.findById(created.id)).toMatchObject({
      version: 1,
      status: OrderStatus.Cancelled,
    });
  });

  test('order:cancelled applies over the version before it', async () => {
    const created = buildOrderCreated();
    await Order.recordCreated(created);

    await Order.recordCancelled(buildOrderCancelled(created));

    expect(await Order.findById(created.id)).toMatchObject({
      version: 1,
      status: OrderStatus.Cancelled,
    });
  });

  test('order:cancelled for a version already held changes nothing', async () => {
    const created = buildOrderCreated();
    await Order.recordCreated(created);
    const cancelled = buildOrderCancelled(created);
    await Order.recordCancelled(cancelled);

    await expect(Order.recordCancelled(cancelled)).resolves.toBeUndefined();
    await expect(Order.recordCancelled({ ...cancelled, version: 0 })).resolves.toBeUndefined();

    expect(await Order.findById(created.id)).toMatchObject({ version: 1 });
  });

  test('order:cancelled for an order not created yet is out of order', async () => {
    const created = buildOrderCreated();

    await expect(Order.recordCancelled(buildOrderCancelled(created))).rejects.toThrow(
      OutOfOrderError,
    );
    expect(await Order.countDocuments()).toBe(0);
  });

  test('order:cancelled two versions ahead waits for the one between', async () => {
    const created = buildOrderCreated();
    await Order.recordCreated(created);

    await expect(
      Order.recordCancelled(buildOrderCancelled(created, { version: 2 })),
    ).rejects.toThrow(OutOfOrderError);
    expect(await Order.findById(created.id)).toMatchObject({
      version: 0,
      status: OrderStatus.Created,
    });
  });
});
