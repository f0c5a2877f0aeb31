export { connectEventBus } from './bus/connect-bus';
export type { ConnectionOptions } from './bus/connection-options';
export type {
  BusMessage,
  EventBus,
  MessageHandler,
  PublishOptions,
  StoredMessage,
  SubscribeOptions,
  Transport,
} from './bus/event-bus';
export {
  type EventBusConfig,
  eventBusConfigFromEnv,
  type RetryOptions,
  uniqueClientId,
} from './bus/event-bus-config';
export { InMemoryEventBus, type PublishedMessage } from './bus/in-memory-bus';
export { JetStreamBus, type JetStreamOptions } from './bus/jetstream-bus';
export type { MessageHeaders } from './bus/message-headers';
export { NatsStreamingBus, type NatsStreamingOptions } from './bus/nats-streaming-bus';
export { deferUntilPast } from './defer-until-past';
export type { Event, EventFor, EventMap } from './event-map';
export { checkEventData, type EventDataCheck, eventSchemas, validEventData } from './event-schemas';
export { defaultEventsLogger } from './events-logger';
export type { ExpirationCompleteEvent } from './expiration-complete-event';
export { Listener } from './listener';
export type { OrderCancelledEvent } from './order-cancelled-event';
export type { OrderCreatedEvent } from './order-created-event';
export {
  isPastOrderCreatedHorizon,
  MAX_ORDER_HOLD_SECONDS,
  ORDER_CREATED_HORIZON_MARGIN_MS,
  ORDER_CREATED_HORIZON_MS,
} from './order-created-horizon';
export { OrderStatus } from './order-status';
export { OutOfOrderError } from './out-of-order-error';
export {
  type BusSubject,
  PARKED_SUBJECT,
  type ParkedEvent,
  type ParkingRecord,
  type ReplayedEvent,
} from './parking/parked-event';
export { listParked, type ParkedEntry, replayParked } from './parking/parked-events';
export type { PaymentCreatedEvent } from './payment-created-event';
export type { PaymentWindowClosedEvent } from './payment-window-closed-event';
export { Publisher } from './publisher';
export { QueueGroups } from './queue-groups';
export { Subjects } from './subjects';
export type { TicketCreatedEvent } from './ticket-created-event';
export type { TicketUpdatedEvent } from './ticket-updated-event';
export { UnappliableEventError } from './unappliable-event-error';
