import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import type { ViewerError } from '../errors';

/** Bodies shorter than this are sent as they are: compressing them saves nothing worth the time. */
const COMPRESS_FROM_BYTES = 1024;

/** JSON text of `value`; bigints become decimal strings. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

/** The entity tag of a JSON body: a hash of its text, so equal answers have equal tags. */
export function entityTag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header names `tag` (weak comparison, `*` included). */
export function matchesEntityTag(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((item) => {
    const candidate = item.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === tag;
  });
}

/** Whether the client takes gzip: `Accept-Encoding` names `gzip` (or `*`) without `q=0`. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').some((item) => {
    const [coding = '', ...parameters] = item.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const quality = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

function finish(response: ServerResponse, body: Buffer | string, headOnly: boolean): void {
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(headOnly ? undefined : body);
}

/**
 * Answers with `value` as JSON. Nothing is cached by the browser on its own (the store changes
 * while an agent runs), but a successful answer carries an `ETag` (`tag`, else a hash of the
 * body): a request whose `If-None-Match` names it gets `304 Not Modified` and no body, so polling
 * costs a hash instead of a download.
 * Bodies of 1 KiB or more are gzip-compressed when the request's `Accept-Encoding` allows it.
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headOnly = false,
  request?: IncomingMessage,
  tag?: string,
): void {
  sendJsonText(response, status, toJsonText(value), headOnly, request, tag);
}

/** {@link sendJson} for a body already serialized as JSON text. */
export function sendJsonText(
  response: ServerResponse,
  status: number,
  body: string,
  headOnly = false,
  request?: IncomingMessage,
  tag?: string,
): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', status === 200 ? 'no-cache' : 'no-store');
  response.setHeader('Vary', 'Accept-Encoding');
  if (request === undefined) return finish(response, body, headOnly);
  if (status === 200) {
    const etag = tag ?? entityTag(body);
    response.setHeader('ETag', etag);
    if (matchesEntityTag(request.headers['if-none-match'], etag)) {
      response.statusCode = 304;
      response.removeHeader('Content-Type');
      response.end();
      return;
    }
  }
  if (body.length < COMPRESS_FROM_BYTES || !acceptsGzip(request.headers['accept-encoding']))
    return finish(response, body, headOnly);
  gzip(body, (error, compressed) => {
    if (error !== null) {
      response.destroy(error);
      return;
    }
    response.setHeader('Content-Encoding', 'gzip');
    finish(response, compressed, headOnly);
  });
}

/** Answers `304 Not Modified` for the entity tagged `tag`. */
export function sendNotModified(response: ServerResponse, tag: string): void {
  response.statusCode = 304;
  response.setHeader('ETag', tag);
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Vary', 'Accept-Encoding');
  response.end();
}

/** Answers with `{ error: { code, message, parameter? } }` and the error's HTTP status. */
export function sendError(response: ServerResponse, error: ViewerError, headOnly = false): void {
  const body: Record<string, string> = { code: error.code, message: error.message };
  if (error.parameter !== undefined) body.parameter = error.parameter;
  sendJson(response, error.httpStatus, { error: body }, headOnly);
}
