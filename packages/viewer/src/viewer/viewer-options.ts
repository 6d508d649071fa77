import type { CheckpointSource } from '../checkpoints';

/** Options of {@link startViewer}. */
export interface ViewerOptions {
  /** The trace database (SQLite) to show; opened read-only and must exist. */
  dbPath: string;
  /** Interface to listen on; default `127.0.0.1` (this machine only). */
  host?: string;
  /** Port; default 4319. `0` picks a free port (see the returned `url`). */
  port?: number;
  /** A checkpoint directory whose files for each trace are listed (read-only, integrity not checked). */
  checkpointsDir?: string;
  /**
   * A checkpoint source, e.g. `new CheckpointManager({ dir, hmacKey })` from `@clearstone/debugging`:
   * its listing is verified. Takes precedence over `checkpointsDir`.
   */
  checkpoints?: CheckpointSource;
  /** Directory of the built page (`index.html`, `app.js`, `app.css`); default the one shipped in the package. */
  assetsDir?: string;
}

/** A running viewer. */
export interface RunningViewer {
  /** Address of the page, e.g. `http://127.0.0.1:4319/`. */
  url: string;
  /** Port actually listened on. */
  port: number;
  /** Stops the server and closes the database. Idempotent. */
  close(): Promise<void>;
}
