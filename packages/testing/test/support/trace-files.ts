import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trace } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';

/** A fresh temporary directory, removed by the returned cleanup. */
export function temporaryDirectory(prefix = 'clearstone-testing-'): { directory: string; cleanup: () => void } {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  return { directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}

/** Writes built traces into a Clearstone trace database (created if missing) through TraceStore. */
export function writeTraces(dbPath: string, traces: readonly Trace[]): void {
  const store = new TraceStore(dbPath);
  try {
    store.writeSpans(traces.flatMap((trace) => trace.spans));
  } finally {
    store.close();
  }
}
