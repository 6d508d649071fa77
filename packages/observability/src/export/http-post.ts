import { request as httpRequest } from 'node:http';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RETRYABLE_STATUSES, parseRetryAfter } from './retry-delay';

/** Result of one POST: delivered (with the response body), or failed and whether to retry. */
export type PostOutcome =
  | { ok: true; body: Buffer; contentType: string | undefined }
  | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

/** What one request needs. */
export interface PostRequest {
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
  agent: HttpAgent;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

function readBody(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** POSTs `body` once. Never rejects: network errors and timeouts are retryable outcomes. */
export function postOnce({ url, headers, body, timeoutMs, agent }: PostRequest): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(body.byteLength) }, agent, timeout: timeoutMs },
      (response) => {
        void readBody(response).then((responseBody) => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve({ ok: true, body: responseBody, contentType: response.headers['content-type'] });
            return;
          }
          const detail = responseBody.toString('utf8', 0, Math.min(responseBody.length, 300)).trim();
          resolve({
            ok: false,
            retryable: RETRYABLE_STATUSES.has(status),
            reason: `HTTP ${status}${detail === '' ? '' : `: ${detail}`}`,
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, retryable: true, reason: error.message }),
    );
    request.end(body);
  });
}
