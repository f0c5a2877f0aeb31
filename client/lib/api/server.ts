import http from 'node:http';
import https from 'node:https';

import { headers as requestHeaders } from 'next/headers';

import { config } from '../config';
import type { Endpoint } from './endpoints';
import { toResult, unreachable } from './result';
import type { ApiResult } from './types';

const TIMEOUT_MS = 10_000;

interface RawResponse {
  status: number;
  text: string;
  headers: Headers;
}

const toHeaders = (incoming: http.IncomingHttpHeaders): Headers => {
  const result = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) result.append(name, item);
    }
  }
  return result;
};

// node:http rather than fetch: fetch drops a caller's Host header, and the ingress routes by
// the Host the browser used.
function send(url: URL, method: string, head: Record<string, string>, body?: string) {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    const request = transport.request(url, { method, headers: head, timeout: TIMEOUT_MS });
    request.on('timeout', () => request.destroy(new Error(`${method} ${url.pathname} timed out`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          headers: toHeaders(response.headers),
        }),
      );
    });
    request.end(body);
  });
}

/**
 * Calls the API while rendering on the server, as the browser that asked for the page: its
 * session cookie and Host header go along, so the API sees the same user and the ingress
 * picks the same host rules.
 */
export async function serverApi<T>(endpoint: Endpoint<T>): Promise<ApiResult<T>> {
  const incoming = await requestHeaders();
  const url = new URL(endpoint.path, config().apiBaseUrl);
  const body = endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body);
  const head: Record<string, string> = { accept: 'application/json' };
  const cookie = incoming.get('cookie');
  const host = incoming.get('host');
  if (cookie) head['cookie'] = cookie;
  if (host) head['host'] = host;
  if (body !== undefined) head['content-type'] = 'application/json';

  try {
    const response = await send(url, endpoint.method, head, body);
    return toResult<T>(response.status, response.text, response.headers);
  } catch (error) {
    console.error(`API ${endpoint.method} ${endpoint.path} failed: ${(error as Error).message}`);
    return unreachable();
  }
}
