/**
 * Schema version 2, the first written by this package: kept as it was, because migrating a version
 * 1 database goes through it (version 1 → 2 → 3 …) rather than straight to the current schema.
 */
export const SCHEMA_V2 = `
CREATE TABLE traces (
  trace_key INTEGER PRIMARY KEY,
  trace_id NOT NULL UNIQUE
);
CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  span_id NOT NULL UNIQUE,
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
