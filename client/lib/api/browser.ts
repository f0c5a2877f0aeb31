import type { Endpoint } from './endpoints';
import { toResult, unreachable } from './result';
import type { ApiResult } from './types';

/**
 * Calls the API from the browser with a relative `/api/...` URL: the ingress (or the local
 * gateway) serves the page and the API on one origin, so the session cookie goes along.
 */
export async function browserApi<T>(endpoint: Endpoint<T>): Promise<ApiResult<T>> {
  try {
    const response = await fetch(endpoint.path, {
      method: endpoint.method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(endpoint.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body),
    });
    return toResult<T>(response.status, await response.text(), response.headers);
  } catch {
    return unreachable();
  }
}
