/** Another change took the version first: re-read the record and decide again. */
export class VersionConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly recordId: string,
    readonly version: number,
  ) {
    super(`${collection}/${recordId} already has a change to version ${version}`);
    this.name = 'VersionConflictError';
  }
}
