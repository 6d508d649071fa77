/** Version of the schema this package writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

/**
 * The current schema. `traces` gives each trace a small, increasing integer key so that the span
 * index on it grows at its right edge instead of at random places (random 16-byte keys dirty a
 * page per span); spans reference traces by that key. See the README's "Storage design".
 */
export const CURRENT_SCHEMA = `
CREATE TABLE traces (
  trace_key INTEGER PRIMARY KEY,
  trace_id NOT NULL UNIQUE
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

/** Column list read back by every span query (aliased `s`, joined with traces `t`). */
export const SPAN_COLUMNS = `s.span_id, t.trace_id, s.parent_span_id, s.name, s.kind, s.status, s.start_time_ns, s.end_time_ns,
  s.attributes, s.events, s.links, s.input, s.output, s.error_message, s.error_stack, s.instrumentation_name, s.instrumentation_version`;
