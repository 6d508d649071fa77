import { ClearstoneAttributes, SDK_VERSION } from '@clearstone/core';
import { compareRuns } from '@clearstone/debugging';
import type { TraceStore } from '@clearstone/observability';
import { listCheckpointDirectory } from '../checkpoints';
import type { CheckpointLink, CheckpointSource } from '../checkpoints';
import { ViewerError } from '../errors';
import type { Router } from '../server/router';
import { matchesEntityTag, sendJson, sendJsonText, sendNotModified } from '../server/send-json';
import { traceDetail } from '../trace-view';
import { FILTER_PARAMETERS, listTracesRequest, traceFilters } from './list-traces-request';
import { integerParameter, readQueryParameters } from './query-parameters';
import { checkTraceId } from './trace-id';
import { TraceVersions } from './trace-versions';
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

function storedTrace(store: TraceStore, traceId: string) {
  const trace = store.getTrace(traceId);
  if (trace === undefined)
    throw new ViewerError({
      code: 'TRACE_NOT_FOUND',
      message: `No trace with id ${traceId} is stored in this database.`,
    });
  return trace;
}

function requireTrace(store: TraceStore, traceId: string): void {
  if (store.querySpans({ traceId, limit: 1 }).length === 0) {
    throw new ViewerError({
      code: 'TRACE_NOT_FOUND',
      message: `No trace with id ${traceId} is stored in this database.`,
    });
  }
}

/** Most values of each facet `GET /api/facets` returns by default, and at most. */
const FACET_LIMIT = 20;

/**
 * Longest time an unchanged poll of a trace is answered from the span count alone; after it the
 * trace is read again, so a span rewritten in place (same id, same count) shows within this time.
 */
const RECHECK_MS = 20_000;

/** Whether the trace still has exactly `spanCount` spans: one indexed look at the end of its span list. */
function sameSpanCount(store: TraceStore, traceId: string, spanCount: number): boolean {
  return spanCount > 0 && store.querySpans({ traceId, offset: spanCount - 1, limit: 2 }).length === 1;
}
const MAX_FACET_LIMIT = 200;

/**
 * Registers the JSON API (`/api/health`, `/api/traces`, `/api/facets`, `/api/traces/:id`,
 * `/api/traces/:id/checkpoints`, `/api/compare/:a/:b`).
 */
export function addApiRoutes(router: Router, sources: ApiSources): Router {
  const summaries = new TraceSummaries(sources.store);
  const versions = new TraceVersions();
  return router
    .get('/api/health', ({ request, response, url }) => {
      readQueryParameters(url.searchParams, []);
      sources.store.listTraces({ limit: 1 });
      const checkpoints =
        sources.checkpoints !== undefined ? 'verified' : sources.checkpointsDir !== undefined ? 'directory' : 'none';
      sendJson(
        response,
        200,
        {
          status: 'ok',
          version: SDK_VERSION,
          dbPath: sources.store.dbPath,
          readOnly: true,
          checkpoints,
        },
        false,
        request,
      );
    })
    .get('/api/traces', ({ request, response, url }) => {
      const query = listTracesRequest(url.searchParams);
      const page = sources.store.listTraces({ ...query, limit: query.limit + 1 });
      const hasMore = page.length > query.limit;
      const traces = summaries.describe(page.slice(0, query.limit));
      // A first page that holds everything is its own count; otherwise the store counts.
      const total = hasMore || query.offset > 0 ? sources.store.countTraces(query) : traces.length;
      const { limit, offset } = query;
      sendJson(response, 200, { traces, total, limit, offset, hasMore }, false, request);
    })
    .get('/api/facets', ({ request, response, url }) => {
      const parameters = readQueryParameters(url.searchParams, [...FILTER_PARAMETERS, 'limit'], ['attr']);
      const limit = integerParameter(parameters.get('limit')?.[0], 'limit', FACET_LIMIT, 1, MAX_FACET_LIMIT);
      traceFilters(parameters);
      // Each facet counts over the other filters, so the values it offers are the ones that can be chosen.
      const counts = (key: string, parameter: 'user' | 'session') => {
        const others = new Map(parameters);
        others.delete(parameter);
        return sources.store.countRootAttributeValues(key, { ...traceFilters(others), limit });
      };
      sendJson(
        response,
        200,
        {
          users: counts(ClearstoneAttributes.USER_ID, 'user'),
          sessions: counts(ClearstoneAttributes.SESSION_ID, 'session'),
        },
        false,
        request,
      );
    })
    .get('/api/traces/:traceId', ({ request, response, url, parameters }) => {
      const since = readQueryParameters(url.searchParams, ['since']).get('since')?.[0];
      if (since !== undefined && !/^[\w-]{1,64}$/.test(since))
        throw new ViewerError({
          code: 'INVALID_PARAMETER',
          parameter: 'since',
          message: 'since must be the ETag of an earlier answer, without its quotes.',
        });
      const traceId = checkTraceId(parameters.traceId);
      // A poll naming the newest version: answered without reading the trace while no span was added.
      const latest = versions.latest(traceId);
      if (
        latest !== undefined &&
        matchesEntityTag(request.headers['if-none-match'], latest.tag) &&
        Date.now() - latest.builtAt < RECHECK_MS &&
        sameSpanCount(sources.store, traceId, latest.spanCount)
      )
        return sendNotModified(response, latest.tag);
      const detail = traceDetail(storedTrace(sources.store, traceId));
      const { tag, body, delta } = versions.record(detail, since);
      // Only what changed since the version the client holds, when the server still knows it.
      if (delta === undefined) return sendJsonText(response, 200, body, false, request, tag);
      const answer = { ...detail, spans: delta.spans, delta: { since: delta.since, removed: delta.removed } };
      sendJson(response, 200, answer, false, request, tag);
    })
    .get('/api/traces/:traceId/checkpoints', ({ request, response, url, parameters }) => {
      readQueryParameters(url.searchParams, []);
      const traceId = checkTraceId(parameters.traceId);
      requireTrace(sources.store, traceId);
      sendJson(response, 200, { traceId, checkpoints: checkpointLinks(sources, traceId) }, false, request);
    })
    .get('/api/compare/:a/:b', ({ request, response, url, parameters }) => {
      readQueryParameters(url.searchParams, []);
      const a = storedTrace(sources.store, checkTraceId(parameters.a));
      const b = storedTrace(sources.store, checkTraceId(parameters.b));
      sendJson(response, 200, compareRuns(a, b), false, request);
    });
}
