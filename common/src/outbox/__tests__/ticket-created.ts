// Shared by the outbox tests (not a test file itself).
import type mongoose from 'mongoose';

import { Subjects } from '../../events/subjects';
import type { RecordChange } from '../outbox-entry';

/** The change that lists ticket `id` (version 0), announced by its ticket:created. */
export const ticketCreated = (id: mongoose.Types.ObjectId, title = 'concert'): RecordChange => ({
  collection: 'tickets',
  id,
  version: 0,
  set: { title, price: 10, userId: 'seller' },
  events: [
    {
      subject: Subjects.TicketCreated,
      data: { id: id.toHexString(), version: 0, title, price: 10, userId: 'seller' },
    },
  ],
});
