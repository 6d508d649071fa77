import { SDK_VERSION } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import { listCheckpointDirectory } from '../checkpoints';
import type { CheckpointLink, CheckpointSource } from '../checkpoints';
import { ViewerError } from '../errors';
import type { Router } from '../server/router';
import { sendJson } from '../server/send-json';
import { traceDetail } from '../trace-view';
import { listTracesRequest } from './list-traces-request';
import { readQueryParameters } from './query-parameters';
import { checkTraceId } from './trace-id';
import { TraceSummaries } from './trace-summaries';

/** What the API reads: the trace store and, optionally, checkpoints. */
export interface ApiSources {
  store: TraceStore;
  /** A checkpoint directory read directly (unverified listing). */
  checkpointsDir?: string;
  /** A checkpoint source such as a `CheckpointManager` (verified listing); preferred over the directory. */
  checkpoints?: CheckpointSource;
}

function checkpointLinks(sources: ApiSources, traceId: string): CheckpointLink[] {
  if (sources.checkpoints !== undefined) {
    return sources.checkpoints.listCheckpoints({ traceId }).map((summary) => ({ ...summary, verified: true }));
  }
  return sources.checkpointsDir === undefined ? [] : listCheckpointDirectory(sources.checkpointsDir, traceId);
}

function requireTrace(store: TraceStore, traceId: string): void {
  if (store.querySpans({ traceId, limit: 1 }).length === 0) {
    throw new ViewerError({
      code: 'TRACE_NOT_FOUND',
      message: `No trace with id ${traceId} is stored in this database.`,
    });
  }
}

/** Registers the JSON API (`/api/health`, `/api/traces`, `/api/traces/:id`, `/api/traces/:id/checkpoints`). */
export function addApiRoutes(router: Router, sources: ApiSources): Router {
  const summaries = new TraceSummaries(sources.store);
  return router
    .get('/api/health', ({ response, url }) => {
      readQueryParameters(url.searchParams, []);
      sources.store.listTraces({ limit: 1 });
      const checkpoints =
        sources.checkpoints !== undefined ? 'verified' : sources.checkpointsDir !== undefined ? 'directory' : 'none';
      sendJson(response, 200, {
        status: 'ok',
        version: SDK_VERSION,
        dbPath: sources.store.dbPath,
        readOnly: true,
        checkpoints,
      });
    })
    .get('/api/traces', ({ response, url }) => {
      const query = listTracesRequest(url.searchParams);
      const page = sources.store.listTraces({ ...query, limit: query.limit + 1 });
      const hasMore = page.length > query.limit;
      const traces = summaries.describe(page.slice(0, query.limit));
      sendJson(response, 200, { traces, limit: query.limit, offset: query.offset, hasMore });
    })
    .get('/api/traces/:traceId', ({ response, url, parameters }) => {
      readQueryParameters(url.searchParams, []);
      const traceId = checkTraceId(parameters.traceId);
      const trace = sources.store.getTrace(traceId);
      if (trace === undefined)
        throw new ViewerError({
          code: 'TRACE_NOT_FOUND',
          message: `No trace with id ${traceId} is stored in this database.`,
        });
      sendJson(response, 200, traceDetail(trace));
    })
    .get('/api/traces/:traceId/checkpoints', ({ response, url, parameters }) => {
      readQueryParameters(url.searchParams, []);
      const traceId = checkTraceId(parameters.traceId);
      requireTrace(sources.store, traceId);
      sendJson(response, 200, { traceId, checkpoints: checkpointLinks(sources, traceId) });
    });
}
