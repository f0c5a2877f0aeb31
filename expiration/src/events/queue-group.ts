import { QueueGroups } from '@ticketing/common';

/** Every replica of this service shares one queue group, so each event is handled once. */
export const queueGroupName = QueueGroups.ExpirationService;
