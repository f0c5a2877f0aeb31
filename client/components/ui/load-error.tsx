import type { ApiErrorItem } from '@/lib/api/types';

import { Notice } from './notice';

/** Shown in place of content the server could not load. */
export function LoadError({ what, errors }: { what: string; errors: ApiErrorItem[] }) {
  return (
    <Notice tone="error" title={`${what} could not be loaded.`} role="alert">
      {errors.map((error, index) => (
        <p key={`${index}-${error.message}`}>{error.message}</p>
      ))}
    </Notice>
  );
}
