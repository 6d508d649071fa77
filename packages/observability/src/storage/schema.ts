/** Version of the schema this package writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 3;

/**
 * Oldest schema version a read-only store reads without migrating the file (version 2 lacks only
 * the trace flags, which are then computed on opening).
 */
export const OLDEST_READ_ONLY_VERSION = 2;

/**
 * The current schema. `traces` gives each trace a small, increasing integer key so that the span
 * index on it grows at its right edge instead of at random places (random 16-byte keys dirty a
 * page per span); spans reference traces by that key. See the README's "Storage design".
 * `blocked` and `paused` (0 or 1) say whether any span of the trace shows a blocked (rejected,
 * timed-out) or paused governed call; writers set them with the span (see `trace-flags.ts`).
 */
export const CURRENT_SCHEMA = `
CREATE TABLE traces (
  trace_key INTEGER PRIMARY KEY,
  trace_id NOT NULL UNIQUE,
  blocked INTEGER NOT NULL DEFAULT 0,
  paused INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  span_id NOT NULL UNIQUE, -- no declared type: integers and legacy text ids kept as given
  trace_key INTEGER NOT NULL REFERENCES traces (trace_key),
  parent_span_id,
  is_root INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  status INTEGER NOT NULL,
  start_time_ns INTEGER NOT NULL,
  end_time_ns INTEGER,
  attributes TEXT,
  events TEXT,
  links TEXT,
  input TEXT,
  output TEXT,
  error_message TEXT,
  error_stack TEXT,
  instrumentation_name TEXT NOT NULL,
  instrumentation_version TEXT
);
CREATE INDEX spans_by_trace ON spans (trace_key, start_time_ns);
CREATE INDEX spans_roots_by_start ON spans (start_time_ns) WHERE is_root = 1;
`;

/** The span columns of a stored span (aliased `s`), without its trace id, in the order of `SpanFieldsRow`. */
export const SPAN_FIELDS = `s.span_id, s.parent_span_id, s.name,
  4 * s.kind + (CASE WHEN s.status BETWEEN 0 AND 2 THEN s.status ELSE 0 END), s.start_time_ns, s.end_time_ns,
  s.attributes, s.input, s.output, s.instrumentation_name, s.instrumentation_version,
  CASE WHEN s.events IS NULL AND s.links IS NULL AND s.error_message IS NULL AND s.error_stack IS NULL THEN NULL
    ELSE json_array(s.events, s.links, s.error_message, s.error_stack) END`;

/** Column list read back by span queries (aliased `s`, joined with traces `t`), in the order of `SpanRow`. */
export const SPAN_COLUMNS = `${SPAN_FIELDS}, t.trace_id`;
