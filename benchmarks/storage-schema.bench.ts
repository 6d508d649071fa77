/**
 * Compares SQLite schema choices for the span table of @clearstone/observability:
 * text vs blob vs integer ids, JSON attribute column vs attribute table, and the cost of each index.
 * Prints insert throughput and query latency per variant, as ratios against the text-id baseline.
 *
 * Run: node_modules/.bin/tsx benchmarks/storage-schema.bench.ts [spanCount]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const SPAN_COUNT = Number(process.argv[2] ?? 200_000);
const BATCH = Number(process.argv[4] ?? 1000);
const CACHE_KIB = Number(process.argv[3] ?? -2000);
const SPANS_PER_TRACE = 10;

interface Row {
  traceHex: string;
  spanHex: string;
  parentHex: string | null;
  name: string;
  start: bigint;
  end: bigint;
  attributes: Record<string, string | number>;
  attributesJson: string;
}

function makeRows(): Row[] {
  const rows: Row[] = [];
  let start = BigInt(Date.now()) * 1_000_000n;
  let traceHex = '';
  let rootHex: string | null = null;
  for (let index = 0; index < SPAN_COUNT; index++) {
    if (index % SPANS_PER_TRACE === 0) {
      traceHex = randomBytes(16).toString('hex');
      rootHex = null;
    }
    const spanHex = randomBytes(8).toString('hex');
    const attributes = {
      'gen_ai.request.model': `model-${index % 7}`,
      'gen_ai.usage.input_tokens': index % 1000,
      'clearstone.step': index % SPANS_PER_TRACE,
    };
    rows.push({
      traceHex,
      spanHex,
      parentHex: rootHex,
      name: `step-${index % 20}`,
      start,
      end: start + 1000n,
      attributes,
      attributesJson: JSON.stringify(attributes),
    });
    if (rootHex === null) rootHex = spanHex;
    start += 1000n;
  }
  return rows;
}

const toSigned = (hex: string): bigint => BigInt.asIntN(64, BigInt(`0x${hex}`));

interface Variant {
  name: string;
  schema: string;
  insert(db: Database.Database): (row: Row) => void;
  byTrace: string;
  bySpan: string;
  byAttribute: string;
  traceKey(row: Row): unknown;
  spanKey(row: Row): unknown;
}

const COMMON = `name TEXT NOT NULL, kind INTEGER NOT NULL, status INTEGER NOT NULL, start_time_ns INTEGER NOT NULL, end_time_ns INTEGER,
  events TEXT, links TEXT, input TEXT, output TEXT, error_message TEXT, error_stack TEXT, instrumentation_name TEXT NOT NULL, instrumentation_version TEXT`;
const ROOT_INDEX = `CREATE INDEX roots ON spans(start_time_ns) WHERE is_root = 1;`;

const variants: Variant[] = [
  {
    name: 'text ids (v1 style)',
    schema: `CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, parent_span_id TEXT, is_root INTEGER NOT NULL, attributes TEXT, ${COMMON});
      CREATE INDEX by_trace ON spans(trace_id, start_time_ns); ${ROOT_INDEX}`,
    insert(db) {
      const statement = db.prepare(
        `INSERT INTO spans (span_id, trace_id, parent_span_id, is_root, attributes, name, kind, status, start_time_ns, end_time_ns, instrumentation_name) VALUES (?,?,?,?,?,?,0,1,?,?,'bench')`,
      );
      return (row) =>
        statement.run(
          row.spanHex,
          row.traceHex,
          row.parentHex,
          row.parentHex === null ? 1 : 0,
          row.attributesJson,
          row.name,
          row.start,
          row.end,
        );
    },
    byTrace: 'SELECT * FROM spans WHERE trace_id = ? ORDER BY start_time_ns',
    bySpan: 'SELECT * FROM spans WHERE span_id = ?',
    byAttribute: `SELECT span_id FROM spans WHERE json_extract(attributes, '$."gen_ai.request.model"') = 'model-3' LIMIT 100000`,
    traceKey: (row) => row.traceHex,
    spanKey: (row) => row.spanHex,
  },
  {
    name: 'blob ids, rowid table',
    schema: `CREATE TABLE spans (id INTEGER PRIMARY KEY, span_id BLOB NOT NULL UNIQUE, trace_id BLOB NOT NULL, parent_span_id BLOB, is_root INTEGER NOT NULL, attributes TEXT, ${COMMON});
      CREATE INDEX by_trace ON spans(trace_id, start_time_ns); ${ROOT_INDEX}`,
    insert(db) {
      const statement = db.prepare(
        `INSERT INTO spans (span_id, trace_id, parent_span_id, is_root, attributes, name, kind, status, start_time_ns, end_time_ns, instrumentation_name) VALUES (?,?,?,?,?,?,0,1,?,?,'bench')`,
      );
      return (row) =>
        statement.run(
          Buffer.from(row.spanHex, 'hex'),
          Buffer.from(row.traceHex, 'hex'),
          row.parentHex === null ? null : Buffer.from(row.parentHex, 'hex'),
          row.parentHex === null ? 1 : 0,
          row.attributesJson,
          row.name,
          row.start,
          row.end,
        );
    },
    byTrace: 'SELECT * FROM spans WHERE trace_id = ? ORDER BY start_time_ns',
    bySpan: 'SELECT * FROM spans WHERE span_id = ?',
    byAttribute: `SELECT span_id FROM spans WHERE json_extract(attributes, '$."gen_ai.request.model"') = 'model-3' LIMIT 100000`,
    traceKey: (row) => Buffer.from(row.traceHex, 'hex'),
    spanKey: (row) => Buffer.from(row.spanHex, 'hex'),
  },
  {
    name: 'integer span id as rowid, blob trace id',
    schema: `CREATE TABLE spans (span_id INTEGER PRIMARY KEY, trace_id BLOB NOT NULL, parent_span_id INTEGER, is_root INTEGER NOT NULL, attributes TEXT, ${COMMON});
      CREATE INDEX by_trace ON spans(trace_id, start_time_ns); ${ROOT_INDEX}`,
    insert(db) {
      const statement = db.prepare(
        `INSERT INTO spans (span_id, trace_id, parent_span_id, is_root, attributes, name, kind, status, start_time_ns, end_time_ns, instrumentation_name) VALUES (?,?,?,?,?,?,0,1,?,?,'bench')`,
      );
      return (row) =>
        statement.run(
          toSigned(row.spanHex),
          Buffer.from(row.traceHex, 'hex'),
          row.parentHex === null ? null : toSigned(row.parentHex),
          row.parentHex === null ? 1 : 0,
          row.attributesJson,
          row.name,
          row.start,
          row.end,
        );
    },
    byTrace: 'SELECT * FROM spans WHERE trace_id = ? ORDER BY start_time_ns',
    bySpan: 'SELECT * FROM spans WHERE span_id = ?',
    byAttribute: `SELECT span_id FROM spans WHERE json_extract(attributes, '$."gen_ai.request.model"') = 'model-3' LIMIT 100000`,
    traceKey: (row) => Buffer.from(row.traceHex, 'hex'),
    spanKey: (row) => toSigned(row.spanHex),
  },
  {
    name: 'traces table + integer keys',
    schema: `CREATE TABLE traces (trace_key INTEGER PRIMARY KEY, trace_id BLOB NOT NULL UNIQUE);
      CREATE TABLE spans (id INTEGER PRIMARY KEY, span_id INTEGER NOT NULL UNIQUE, trace_key INTEGER NOT NULL, parent_span_id INTEGER, is_root INTEGER NOT NULL, attributes TEXT, ${COMMON});
      CREATE INDEX by_trace ON spans(trace_key, start_time_ns); ${ROOT_INDEX}`,
    insert(db) {
      const statement = db.prepare(
        `INSERT INTO spans (span_id, trace_key, parent_span_id, is_root, attributes, name, kind, status, start_time_ns, end_time_ns, instrumentation_name) VALUES (?,?,?,?,?,?,0,1,?,?,'bench')`,
      );
      const findTrace = db.prepare('SELECT trace_key FROM traces WHERE trace_id = ?').pluck();
      const addTrace = db.prepare('INSERT INTO traces (trace_id) VALUES (?)');
      const keys = new Map<string, number | bigint>();
      return (row) => {
        let key = keys.get(row.traceHex);
        if (key === undefined) {
          const blob = Buffer.from(row.traceHex, 'hex');
          key = (findTrace.get(blob) as number | undefined) ?? addTrace.run(blob).lastInsertRowid;
          keys.set(row.traceHex, key);
          if (keys.size > 10000) keys.clear();
        }
        statement.run(
          toSigned(row.spanHex),
          key,
          row.parentHex === null ? null : toSigned(row.parentHex),
          row.parentHex === null ? 1 : 0,
          row.attributesJson,
          row.name,
          row.start,
          row.end,
        );
      };
    },
    byTrace:
      'SELECT s.* FROM traces t JOIN spans s ON s.trace_key = t.trace_key WHERE t.trace_id = ? ORDER BY s.start_time_ns',
    bySpan: 'SELECT * FROM spans WHERE span_id = ?',
    byAttribute: `SELECT span_id FROM spans WHERE json_extract(attributes, '$."gen_ai.request.model"') = 'model-3' LIMIT 100000`,
    traceKey: (row) => Buffer.from(row.traceHex, 'hex'),
    spanKey: (row) => toSigned(row.spanHex),
  },
  {
    name: 'blob ids + attribute table',
    schema: `CREATE TABLE spans (id INTEGER PRIMARY KEY, span_id BLOB NOT NULL UNIQUE, trace_id BLOB NOT NULL, parent_span_id BLOB, is_root INTEGER NOT NULL, attributes TEXT, ${COMMON});
      CREATE INDEX by_trace ON spans(trace_id, start_time_ns); ${ROOT_INDEX}
      CREATE TABLE span_attributes (span_row INTEGER NOT NULL, key TEXT NOT NULL, value);
      CREATE INDEX by_attribute ON span_attributes(key, value);`,
    insert(db) {
      const statement = db.prepare(
        `INSERT INTO spans (span_id, trace_id, parent_span_id, is_root, attributes, name, kind, status, start_time_ns, end_time_ns, instrumentation_name) VALUES (?,?,?,?,?,?,0,1,?,?,'bench')`,
      );
      const attribute = db.prepare('INSERT INTO span_attributes (span_row, key, value) VALUES (?,?,?)');
      return (row) => {
        const { lastInsertRowid } = statement.run(
          Buffer.from(row.spanHex, 'hex'),
          Buffer.from(row.traceHex, 'hex'),
          row.parentHex === null ? null : Buffer.from(row.parentHex, 'hex'),
          row.parentHex === null ? 1 : 0,
          row.attributesJson,
          row.name,
          row.start,
          row.end,
        );
        for (const key in row.attributes) attribute.run(lastInsertRowid, key, row.attributes[key]);
      };
    },
    byTrace: 'SELECT * FROM spans WHERE trace_id = ? ORDER BY start_time_ns',
    bySpan: 'SELECT * FROM spans WHERE span_id = ?',
    byAttribute: `SELECT s.span_id FROM span_attributes a JOIN spans s ON s.id = a.span_row WHERE a.key = 'gen_ai.request.model' AND a.value = 'model-3' LIMIT 100000`,
    traceKey: (row) => Buffer.from(row.traceHex, 'hex'),
    spanKey: (row) => Buffer.from(row.spanHex, 'hex'),
  },
];

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const rows = makeRows();
const directory = mkdtempSync(join(tmpdir(), 'clearstone-schema-'));
const results: Array<{
  name: string;
  insertPerSecond: number;
  traceMs: number;
  spanMs: number;
  attributeMs: number;
  megabytes: number;
}> = [];
for (const variant of variants) {
  const file = join(directory, `${results.length}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = ${CACHE_KIB}`);
  db.exec(variant.schema);
  const insert = variant.insert(db);
  const insertBatch = db.transaction((batch: Row[]) => {
    for (const row of batch) insert(row);
  });
  const insertMs = timeMs(() => {
    for (let index = 0; index < rows.length; index += BATCH) insertBatch.immediate(rows.slice(index, index + BATCH));
  });
  const byTrace = db.prepare(variant.byTrace);
  const bySpan = db.prepare(variant.bySpan);
  const samples = 2000;
  const traceMs =
    timeMs(() => {
      for (let index = 0; index < samples; index++) byTrace.all(variant.traceKey(rows[(index * 7919) % rows.length]));
    }) / samples;
  const spanMs =
    timeMs(() => {
      for (let index = 0; index < samples; index++) bySpan.get(variant.spanKey(rows[(index * 7919) % rows.length]));
    }) / samples;
  const attributeMs = timeMs(() => db.prepare(variant.byAttribute).all());
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  results.push({
    name: variant.name,
    insertPerSecond: rows.length / (insertMs / 1000),
    traceMs,
    spanMs,
    attributeMs,
    megabytes: statSync(file).size / 1e6,
  });
}
rmSync(directory, { recursive: true, force: true });

const baseline = results[0];
console.log(`Schema choices, ${SPAN_COUNT} spans (${SPANS_PER_TRACE} per trace), batches of ${BATCH}:`);
for (const result of results) {
  console.log(
    `${result.name.padEnd(40)} insert ${Math.round(result.insertPerSecond).toLocaleString('en-US').padStart(9)} spans/s (×${(result.insertPerSecond / baseline.insertPerSecond).toFixed(2)})` +
      `  getTrace ${(result.traceMs * 1000).toFixed(1)} µs  getSpan ${(result.spanMs * 1000).toFixed(1)} µs  attribute query ${result.attributeMs.toFixed(1)} ms  file ${result.megabytes.toFixed(1)} MB`,
  );
}
