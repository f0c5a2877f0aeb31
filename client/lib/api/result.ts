import type { ApiErrorBody, ApiErrorItem, ApiResult } from './types';

const isErrorItem = (value: unknown): value is ApiErrorItem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ApiErrorItem).message === 'string' &&
  ['string', 'undefined'].includes(typeof (value as ApiErrorItem).field);

const isErrorBody = (value: unknown): value is ApiErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as ApiErrorBody).errors) &&
  (value as ApiErrorBody).errors.every(isErrorItem);

const parseJson = (text: string): unknown => {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Turns a raw HTTP response into the contract's success body or its error list. */
export function toResult<T>(status: number, text: string, headers: Headers): ApiResult<T> {
  const body = parseJson(text);
  if (status >= 200 && status < 300 && body !== undefined) {
    return { ok: true, status, data: body as T, headers };
  }
  if (isErrorBody(body) && body.errors.length > 0) {
    return { ok: false, status, errors: body.errors };
  }
  // Not the contract's shape: a gateway or proxy answered (502, an HTML page, …).
  return failure(status, `The server answered unexpectedly (HTTP ${status}). Please try again.`);
}

export const failure = (status: number, message: string): ApiResult<never> => ({
  ok: false,
  status,
  errors: [{ message }],
});

export const unreachable = (): ApiResult<never> =>
  failure(0, 'Could not reach the server. Check your connection and try again.');
