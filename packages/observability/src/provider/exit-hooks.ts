/** Something with queued work to finish when the process exits normally. */
export interface ExitFlushable {
  /** Synchronously persists everything queued (the only kind of work possible in an `exit` handler). */
  flushSync(): void;
  /** Starts asynchronous work (exporters) while the event loop can still run. */
  flushOnIdle(): void;
}

const live = new Set<ExitFlushable>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  // beforeExit: the loop is idle but alive, so exporters can still send; exit: last chance, sync only.
  process.on('beforeExit', () => {
    for (const item of live) item.flushOnIdle();
  });
  process.on('exit', () => {
    for (const item of live) {
      try {
        item.flushSync();
      } catch (error) {
        process.stderr.write(`clearstone: could not persist queued spans at exit: ${String(error)}\n`);
      }
    }
  });
}

/** Registers `item` to be flushed at normal process exit. */
export function registerExitFlush(item: ExitFlushable): void {
  install();
  live.add(item);
}

/** Stops flushing `item` at exit. */
export function unregisterExitFlush(item: ExitFlushable): void {
  live.delete(item);
}
