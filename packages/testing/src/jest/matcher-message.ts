import { InvalidArgumentError } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { formatTraceTree } from '../format';
import { tracePolicyName } from '../trace-policy';

/** The part of Jest's / Vitest's matcher context the Clearstone matchers read. */
export interface MatcherContextLike {
  /** True when the matcher was called through `.not`. */
  isNot?: boolean;
}

/** What a matcher returns to Jest or Vitest. */
export interface MatcherOutcome {
  /** Whether the received value matches. */
  pass: boolean;
  /** The failure message, built only when it is shown. */
  message: () => string;
}

/** Throws unless `received` looks like a Clearstone trace. */
export function requireTrace(matcher: string, received: unknown): asserts received is Trace {
  const candidate = received as Partial<Trace> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.traceId !== 'string' ||
    !Array.isArray(candidate.spans)
  ) {
    const shown = received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received;
    throw new InvalidArgumentError({
      message: `${matcher}: expected a Clearstone Trace ({ traceId, spans, … } from traceBuilder(), PolicyTestHarness or TraceStore.getTrace), received ${shown}.`,
      argument: 'received',
    });
  }
}

function showArgument(argument: unknown): string {
  if (typeof argument === 'function') return tracePolicyName(argument);
  if (Array.isArray(argument) && argument.some((item) => typeof item === 'function'))
    return `[${argument.map(showArgument).join(', ')}]`;
  if (
    argument !== null &&
    typeof argument === 'object' &&
    typeof (argument as { evaluateSync?: unknown }).evaluateSync === 'function'
  )
    return 'engine';
  return JSON.stringify(argument);
}

/** `expect(trace)[.not].matcher(args)`, as the first line of a message. */
export function matcherHint(context: MatcherContextLike, matcher: string, args: unknown[]): string {
  const shown = args.filter((arg) => arg !== undefined).map(showArgument);
  return `expect(trace)${context.isNot ? '.not' : ''}.${matcher}(${shown.join(', ')})`;
}

/** A matcher outcome whose message shows the hint, the explanation and the trace as a tree. */
export function outcome(
  pass: boolean,
  hint: string,
  explain: () => string,
  trace: Trace,
  highlight: () => Iterable<string>,
): MatcherOutcome {
  return {
    pass,
    message: () =>
      `${hint}\n\n${explain()}\n\nTrace ${trace.traceId}:\n${formatTraceTree(trace, { highlight: highlight() })}`,
  };
}
