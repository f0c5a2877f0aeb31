export { Outbox, type OutboxOptions } from './outbox';
export {
  isDuplicateKeyError,
  OUTBOX_COLLECTION,
  type OutboxEntry,
  type RecordChange,
  type RecordId,
} from './outbox-entry';
export { VersionConflictError } from './version-conflict-error';
