import { PHASE_PRODUCTION_BUILD } from 'next/constants';

import { config } from './config';

/** A bad configuration stops the server at start, with every reason listed. */
export function checkConfigOrExit(): void {
  // The build renders no page that calls the API, so it needs no runtime configuration.
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;
  try {
    config();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
