/**
 * Schema version 1: the `spans` table written by the first released Clearstone (the Python SDK),
 * which left `user_version` at 0. Kept to recognise and migrate such files.
 */
export const LEGACY_SCHEMA_V1 = `
CREATE TABLE spans (
  span_id TEXT PRIMARY KEY,
  trace_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_time_ns INTEGER NOT NULL,
  end_time_ns INTEGER,
  status TEXT NOT NULL,
  attributes_json TEXT,
  input_snapshot_json TEXT,
  output_snapshot_json TEXT,
  error_message TEXT,
  instrumentation_name TEXT NOT NULL,
  instrumentation_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_spans_trace_id ON spans (trace_id);
CREATE INDEX IF NOT EXISTS idx_spans_start_time ON spans (start_time_ns);
`;
