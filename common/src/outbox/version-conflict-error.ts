import type { RecordId } from './outbox-entry';

/** Another change took the version first: re-read the record and decide again (see
 * `Outbox.retryOnConflict`). */
export class VersionConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly recordId: RecordId,
    readonly version: number,
  ) {
    super(`${collection}/${String(recordId)} already has a change to version ${version}`);
    this.name = 'VersionConflictError';
  }
}
