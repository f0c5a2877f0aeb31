// A job that published and then died before Bull recorded it as done runs again; on JetStream
// its second publish must be dropped as a duplicate, and nothing else may be mistaken for one.
import { setTimeout as sleep } from 'node:timers/promises';

import { type EventBus, Subjects } from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';

import { connectTestBus, recordAnnouncements } from '../../../test/bus';
import { buildOrderCreated, newId } from '../../../test/factories';
import { waitFor } from '../../../test/wait-for';
import { ExpirationCompletePublisher } from '../expiration-complete-publisher';

let servers: Infra;
let bus: EventBus;

beforeAll(async () => {
  servers = await startInfra(['nats']);
  bus = await connectTestBus('jetstream', servers.env);
});

afterAll(async () => {
  await bus.close();
  await servers.stop();
});

describe('announcing an expiration on JetStream', () => {
  it('stores it once when the same order is announced twice', async () => {
    const announcements = await recordAnnouncements(bus);
    const orderId = newId();
    const publisher = new ExpirationCompletePublisher(bus);

    await publisher.publishFor(orderId);
    await publisher.publishFor(orderId);

    await waitFor('the announcement', () => announcements.of(orderId).length > 0);
    await sleep(500); // room for a duplicate
    expect(announcements.of(orderId)).toHaveLength(1);
  });

  it('is not taken for a duplicate of another event published with the bare order id', async () => {
    const announcements = await recordAnnouncements(bus);
    const order = buildOrderCreated();
    await bus.publish(Subjects.OrderCreated, JSON.stringify(order), { messageId: order.id });

    await new ExpirationCompletePublisher(bus).publishFor(order.id);

    await waitFor('the announcement', () => announcements.of(order.id).length > 0);
  });
});
