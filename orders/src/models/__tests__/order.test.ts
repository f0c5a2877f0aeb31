import { OrderStatus } from '@ticketing/common';

import { Order } from '../order';

const orderIn = (status: OrderStatus) =>
  new Order({
    userId: 'buyer',
    status,
    expiresAt: new Date(),
    price: 15,
    ticket: 'ticket',
    ticketLock: 'ticket',
    buyerSlot: 'buyer:0',
    version: 0,
  });

describe('the order status guard', () => {
  test.each([
    [OrderStatus.Created, OrderStatus.Cancelled],
    [OrderStatus.Created, OrderStatus.Complete],
    [OrderStatus.Created, OrderStatus.AwaitingPayment],
    [OrderStatus.AwaitingPayment, OrderStatus.Cancelled],
    [OrderStatus.AwaitingPayment, OrderStatus.Complete],
  ])('an order that is %s may become %s', (from, to) => {
    expect(orderIn(from).canMoveTo(to)).toBe(true);
  });

  test.each([
    [OrderStatus.Complete, OrderStatus.Cancelled],
    [OrderStatus.Cancelled, OrderStatus.Complete],
    [OrderStatus.Cancelled, OrderStatus.Created],
    [OrderStatus.Complete, OrderStatus.AwaitingPayment],
    [OrderStatus.AwaitingPayment, OrderStatus.Created],
  ])('an order that is %s may not become %s', (from, to) => {
    expect(orderIn(from).canMoveTo(to)).toBe(false);
  });
});

describe('an order as JSON', () => {
  test('has the contract fields only, with an ISO expiry, the price charged and the ticket id', () => {
    const order = orderIn(OrderStatus.Created);

    expect(order.toJSON()).toStrictEqual({
      id: order.id,
      userId: 'buyer',
      status: 'created',
      expiresAt: order.expiresAt.toISOString(),
      price: 15,
      version: 0,
      ticket: { id: 'ticket' },
    });
  });
});
