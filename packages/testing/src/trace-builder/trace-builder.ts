import { SpanKind, generateTraceId, nowNs, toEpochNs } from '@clearstone/core';
import type { Attributes, SpanRecord, Trace } from '@clearstone/core';
import { ClearstoneAttributes, GenAiAttributes, GenAiOperations } from '../conventions';
import { layoutSpans } from './layout-spans';
import { SpanScopeBuilder } from './span-scope-builder';
import { stepNode } from './step-node';
import type { TraceBuilderOptions } from './types';

function startNsOf(startTime: TraceBuilderOptions['startTime']): bigint {
  if (startTime === undefined) return nowNs();
  return typeof startTime === 'bigint' ? startTime : toEpochNs(startTime);
}

function rootAttributes(options: TraceBuilderOptions): Attributes {
  const attributes: Attributes = { [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT };
  if (options.agentId !== undefined) {
    attributes[GenAiAttributes.AGENT_NAME] = options.agentId;
    attributes[ClearstoneAttributes.AGENT_ID] = options.agentId;
  }
  if (options.userId !== undefined) attributes[ClearstoneAttributes.USER_ID] = options.userId;
  if (options.sessionId !== undefined) attributes[ClearstoneAttributes.SESSION_ID] = options.sessionId;
  if (options.userRole !== undefined) attributes[ClearstoneAttributes.USER_ROLE] = options.userRole;
  return { ...attributes, ...options.attributes };
}

/** Builds an in-memory {@link Trace}; see {@link traceBuilder}. */
export class TraceBuilder extends SpanScopeBuilder {
  private readonly startNs: bigint;

  constructor(options: TraceBuilderOptions = {}) {
    const name = options.name ?? (options.agentId === undefined ? 'agent_run' : `invoke_agent ${options.agentId}`);
    super(stepNode(name, SpanKind.INTERNAL, 0, rootAttributes(options)), {
      userId: options.userId,
      agentId: options.agentId,
      sessionId: options.sessionId,
    });
    this.startNs = startNsOf(options.startTime);
  }

  /** The trace: new W3C ids on every call, spans in start order, the root first. */
  build(): Trace {
    const spans: SpanRecord[] = [];
    const root = layoutSpans(this.node, generateTraceId(), undefined, this.startNs, spans);
    return {
      traceId: root.traceId,
      rootSpanId: root.spanId,
      spans,
      startTimeNs: root.startTimeNs,
      endTimeNs: root.endTimeNs,
      durationNs: root.durationNs,
      status: root.status,
    };
  }
}

/**
 * Starts an in-memory trace for unit tests: a root `invoke_agent` span whose steps are model
 * calls, tool calls and plain spans (nested with a callback), with GenAI attributes, valid W3C
 * ids and increasing, realistic times. Governed calls record their policy decisions and outcome
 * (`decisions`, `outcome`, `policyContext`); `blockedTool` / `blockedLlm` add calls a policy
 * stopped, the way the LangChain integration records them.
 *
 * @example
 * ```ts
 * const trace = traceBuilder({ agentId: 'researcher', userId: 'u1' })
 *   .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.004 })
 *   .span('research', (step) => step.tool('web_search', { input: { query: 'clearstone' }, output: ['…'] }))
 *   .tool('send_email').error('SMTP timeout')
 *   .blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous tool', input: { name: 'prod' } })
 *   .build();
 * assertNoErrorsInTrace()(trace).reason; // "Span 'execute_tool send_email' [….] failed: SMTP timeout"
 * ```
 */
export function traceBuilder(options: TraceBuilderOptions = {}): TraceBuilder {
  return new TraceBuilder(options);
}
