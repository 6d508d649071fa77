import type { Decision } from '@clearstone/core';

/** One executed source line of a traced policy. */
export interface TraceEntry {
  /** 1-based line number: in the original source when a source map is available, else in the running script. */
  readonly line: number;
  /** The source text of that line, trimmed. */
  readonly text: string;
  /**
   * The policy's local variables before the line ran, rendered as text, plus the outer variables
   * its source mentions: closure variables, and module-scope bindings in CommonJS and ES modules.
   */
  readonly locals: Readonly<Record<string, string>>;
  /** The file the line belongs to (original source path when mapped). */
  readonly file?: string;
}

/** What {@link PolicyDebugger.traceEvaluation} returns. */
export interface TraceResult {
  /** The policy's decision. */
  readonly decision: Decision;
  /** The source lines the policy executed, in order. */
  readonly trace: TraceEntry[];
}
