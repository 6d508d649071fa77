import Database from 'better-sqlite3';
import { TraceStore } from '@clearstone/observability';
import type { SpanRecord } from '@clearstone/core';

/** What a crash-recovery check of a trace database found. */
export interface DatabaseCheck {
  integrity: string;
  rowCount: number;
  /** Every stored span, decoded by TraceStore. */
  spans: SpanRecord[];
}

/**
 * Opens the database after a crash the way a user would (a writable TraceStore, which runs WAL
 * recovery), runs `PRAGMA integrity_check`, counts span rows with raw SQL and decodes every row
 * through `TraceStore.querySpans`.
 */
export function checkDatabase(dbPath: string): DatabaseCheck {
  const store = new TraceStore(dbPath);
  try {
    const raw = new Database(dbPath, { readonly: true });
    let integrity: string;
    let rowCount: number;
    try {
      integrity = (raw.pragma('integrity_check') as Array<{ integrity_check: string }>)
        .map((row) => row.integrity_check)
        .join('; ');
      rowCount = Number(raw.prepare('SELECT count(*) FROM spans').pluck().get());
    } finally {
      raw.close();
    }
    const spans: SpanRecord[] = [];
    for (let offset = 0; ; offset += 5000) {
      const page = store.querySpans({ limit: 5000, offset });
      spans.push(...page);
      if (page.length < 5000) break;
    }
    return { integrity, rowCount, spans };
  } finally {
    store.close();
  }
}

/** True when `span` has every field a span written by a TracerProvider has, with the right types. */
export function isCompleteSpan(span: SpanRecord): boolean {
  return (
    /^[0-9a-f]{32}$/.test(span.traceId) &&
    /^[0-9a-f]{16}$/.test(span.spanId) &&
    typeof span.name === 'string' &&
    typeof span.kind === 'string' &&
    typeof span.status === 'string' &&
    typeof span.startTimeNs === 'bigint' &&
    typeof span.endTimeNs === 'bigint' &&
    span.endTimeNs >= span.startTimeNs &&
    typeof span.attributes === 'object' &&
    Array.isArray(span.events) &&
    typeof span.instrumentationName === 'string'
  );
}
