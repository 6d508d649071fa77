export { TraceStore } from './trace-store';
export { openDatabase } from './open-database';
export { SpanWriter } from './span-writer';
export { isBusyError } from './sqlite-errors';
export { BUSY_TIMEOUT_MS } from './pragmas';
export { MAX_STORED_NS, MIN_STORED_NS } from './time-bounds';
export { LEGACY_SCHEMA_V1 } from './legacy-schema';
export { OLDEST_READ_ONLY_VERSION, SCHEMA_VERSION } from './schema';
export { MIGRATIONS } from './migrations';
export type { Migration, SqliteDatabase } from './migrations';
export type { WritableSpan } from './span-writer';
export type {
  AttributeValueCount,
  AttributeValueCountsQuery,
  IterateTracesQuery,
  ListTracesQuery,
  QuerySpansQuery,
  SpanFieldSelection,
  TraceQuery,
  TraceSortKey,
  TraceStoreOptions,
  WriteSpansOptions,
} from './query-types';
export type { TimeInput } from './time-input';
