import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClearstoneError, InvalidArgumentError } from '@clearstone/core';
import { ViewerError } from '../errors';
import { isAllowedHost } from './host-check';
import type { Router } from './router';
import { setSecurityHeaders } from './security-headers';
import { sendError } from './send-json';
import { sendAsset } from './static-assets';
import type { StaticAsset } from './static-assets';

function asViewerError(error: unknown): ViewerError {
  if (ViewerError.isInstance(error)) return error;
  if (InvalidArgumentError.isInstance(error))
    return new ViewerError({
      code: 'INVALID_PARAMETER',
      message: error.message,
      ...(error.argument ? { parameter: error.argument } : {}),
    });
  const detail = ClearstoneError.isInstance(error) ? `${error.code}: ${error.message}` : 'unexpected error';
  return new ViewerError({
    code: 'INTERNAL_ERROR',
    message: `The trace store could not answer (${detail}).`,
    cause: error,
  });
}

/** The server's request listener: host check, security headers, page files, then API routes. */
export function createRequestHandler(options: {
  router: Router;
  assets: Map<string, StaticAsset>;
  allowedHosts: () => Set<string> | undefined;
}) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    setSecurityHeaders(response);
    const headOnly = request.method === 'HEAD';
    try {
      if (!isAllowedHost(request.headers.host, options.allowedHosts())) {
        throw new ViewerError({
          code: 'FORBIDDEN_HOST',
          message: 'This viewer answers only to the host name it was started on.',
        });
      }
      if (request.method !== 'GET' && !headOnly) {
        response.setHeader('Allow', 'GET, HEAD');
        throw new ViewerError({
          code: 'METHOD_NOT_ALLOWED',
          message: `Method ${String(request.method)} is not allowed; the viewer is read-only.`,
        });
      }
      const url = new URL(request.url ?? '/', 'http://viewer.invalid');
      const asset = options.assets.get(url.pathname);
      if (asset !== undefined) return sendAsset(response, asset, headOnly);
      const route = options.router.match(url.pathname);
      if (route === undefined)
        throw new ViewerError({ code: 'NOT_FOUND', message: `Nothing is served at ${url.pathname.slice(0, 200)}.` });
      route.handler({ request, response, url, parameters: route.parameters });
    } catch (error) {
      const viewerError = asViewerError(error);
      if (viewerError.code === 'INTERNAL_ERROR')
        process.emitWarning(viewerError.message, { code: 'CLEARSTONE_VIEWER_ERROR' });
      if (!response.headersSent) sendError(response, viewerError, headOnly);
      else response.destroy();
    }
  };
}
