/**
 * @clearstone/viewer — a local web UI for Clearstone traces: a trace list with filters, a
 * waterfall of each trace's spans, inputs/outputs, errors, policy decisions and checkpoints. It
 * reads the SQLite trace store read-only and serves everything from 127.0.0.1.
 *
 * @example
 * ```ts
 * import { startViewer } from '@clearstone/viewer';
 *
 * const viewer = await startViewer({ dbPath: 'clearstone_traces.db' });
 * console.log(viewer.url); // http://127.0.0.1:4319/
 * ```
 * @packageDocumentation
 */

// Server
export { DEFAULT_VIEWER_PORT, startViewer } from './viewer';
export type { RunningViewer, ViewerOptions } from './viewer';

// Checkpoint links
export { listCheckpointDirectory } from './checkpoints';
export type { CheckpointLink, CheckpointSource } from './checkpoints';

// API views
export { isPlumbingName, plumbingSpans, snapshotView, spanDecisions, traceDetail, traceTotals } from './trace-view';
export type {
  EventCategory,
  LlmView,
  PolicyDecisionView,
  SnapshotView,
  SpanView,
  ToolView,
  TraceDetail,
  TraceTotals,
} from './trace-view';
export type { TraceListItem } from './api';

// Errors
export { ViewerError } from './errors';
export type { ViewerErrorCode } from './errors';
