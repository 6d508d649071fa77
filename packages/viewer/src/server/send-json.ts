import type { ServerResponse } from 'node:http';
import type { ViewerError } from '../errors';

/** JSON text of `value`; bigints become decimal strings. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

/** Answers with `value` as JSON (never cached: the store changes while an agent runs). */
export function sendJson(response: ServerResponse, status: number, value: unknown, headOnly = false): void {
  const body = toJsonText(value);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(headOnly ? undefined : body);
}

/** Answers with `{ error: { code, message, parameter? } }` and the error's HTTP status. */
export function sendError(response: ServerResponse, error: ViewerError, headOnly = false): void {
  const body: Record<string, string> = { code: error.code, message: error.message };
  if (error.parameter !== undefined) body.parameter = error.parameter;
  sendJson(response, error.httpStatus, { error: body }, headOnly);
}
