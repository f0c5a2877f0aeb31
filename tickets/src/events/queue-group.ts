import { QueueGroups } from '@ticketing/common';

/** Every replica of tickets shares its subscriptions: each event reaches one of them. */
export const queueGroupName = QueueGroups.TicketsService;
