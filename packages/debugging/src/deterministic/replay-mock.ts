import { deserialize, SpanStatusCode, type SpanRecord } from '@clearstone/core';
import { ReplayError } from '../errors/replay-error';

/** Selects recorded spans: by exact name, by a name pattern, or by a predicate. */
export type SpanMatcher = string | RegExp | ((span: SpanRecord) => boolean);

/** A method whose calls return recorded outputs instead of running. */
export interface MockTarget {
  /** The object owning the method, e.g. `agent.llm` or a tool instance. */
  target: object;
  /** Method name, e.g. `'invoke'`. */
  method: string;
  /** Spans whose recorded outputs this method returns, in start order. Ignored when `outputs` is given. */
  spans?: SpanMatcher;
  /** Outputs to return, in order, instead of recorded ones. */
  outputs?: readonly unknown[];
  /** Return promises (default: true when the original method is an `async function`). */
  async?: boolean;
  /** Name used in messages and the call log (default: the method name and matcher). */
  label?: string;
  /** When the recordings run out: `'throw'` REPLAY_EXHAUSTED (default) or `'passthrough'` to the real method. */
  whenExhausted?: 'throw' | 'passthrough';
}

/** One call of a mocked method during a deterministic run. */
export interface ReplayCall {
  /** The mock's label, or the method name and its span matcher. */
  label: string;
  /** Name of the recorded span that supplied the result (absent for explicit outputs and passthrough). */
  spanName?: string;
  /** Arguments of the call. */
  args: unknown[];
  /** `'recorded'`: answered from the trace; `'passthrough'`: ran the real method. */
  source: 'recorded' | 'passthrough';
  /** What the call returned (awaited for promises); absent when it failed. */
  output?: unknown;
  /** Message of the error the call raised. */
  error?: string;
}

/** @internal A recorded answer: a value to return or an error to raise. */
export type Recording = { spanName?: string; produce: () => unknown };

function matches(matcher: SpanMatcher, span: SpanRecord): boolean {
  if (typeof matcher === 'string') return span.name === matcher;
  if (matcher instanceof RegExp) return new RegExp(matcher.source, matcher.flags.replace('g', '')).test(span.name);
  return matcher(span) === true;
}

function fromSpan(span: SpanRecord): Recording {
  const output = span.output;
  if (output?.captured === true) return { spanName: span.name, produce: () => deserialize(output.data) };
  if (span.status === SpanStatusCode.ERROR) {
    return {
      spanName: span.name,
      produce: () => {
        throw new ReplayError({
          code: 'REPLAY_RECORDED_ERROR',
          message: span.errorMessage ?? `Recorded span '${span.name}' failed.`,
        });
      },
    };
  }
  if (output?.captured === false) {
    return {
      spanName: span.name,
      produce: () => {
        throw new ReplayError({
          code: 'REPLAY_OUTPUT_UNAVAILABLE',
          message: `Recorded span '${span.name}' (${span.spanId}) kept no output: ${output.reason}`,
        });
      },
    };
  }
  return { spanName: span.name, produce: () => undefined };
}

/** Describes a mock for messages. */
export function mockLabel(mock: MockTarget): string {
  if (mock.label !== undefined) return mock.label;
  const matcher =
    mock.spans === undefined
      ? ''
      : typeof mock.spans === 'function'
        ? ' (predicate)'
        : ` (spans ${String(mock.spans)})`;
  return `${mock.method}${matcher}`;
}

/** The answers a mock gives, from explicit outputs or from the matching spans in start order. */
export function recordingsFor(mock: MockTarget, spans: readonly SpanRecord[]): Recording[] {
  if (mock.outputs !== undefined) return mock.outputs.map((value) => ({ produce: () => value }));
  if (mock.spans === undefined) {
    throw new ReplayError({
      code: 'REPLAY_INVALID_OPTIONS',
      message: `Mock '${mockLabel(mock)}' needs either 'outputs' or a 'spans' matcher.`,
    });
  }
  const matcher = mock.spans;
  return [...spans]
    .sort((left, right) => (left.startTimeNs < right.startTimeNs ? -1 : left.startTimeNs > right.startTimeNs ? 1 : 0))
    .filter((span) => matches(matcher, span))
    .map(fromSpan);
}
