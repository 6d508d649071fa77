import {
  InvalidArgumentError,
  SpanKind,
  recordComponentInitialized,
  SpanStatusCode,
  getCurrentContext,
  type Attributes,
} from '@clearstone/core';
import type { Span, Tracer } from '@clearstone/observability';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from '../conventions';
import { subscribeDecisions, takePendingDecisions } from '../decisions/decision-channel';
import { decisionAttributes, type PolicyDecisionRecord } from '../decisions/decision-record';
import { compactMessages } from '../events/compact-messages';
import { modelFromRunStart, type ModelIdentity } from '../events/model-identity';
import { parseToolInput } from '../events/parse-tool-input';
import { addUsage, usageOfResult, type TokenUsage } from '../events/token-usage';
import { costOf, validatePriceTable, type PriceTable } from '../pricing/price-table';
import { plainValue } from './plain-value';
import { contextAttributes, definedAttributes, usageAttributes } from './run-attributes';

/** The part of a Clearstone `TracerProvider` the handler uses. */
export interface TracerSource {
  /** The tracer with this instrumentation name and version. */
  getTracer(name: string, version?: string): Tracer;
}

/** Options of {@link TracingCallbackHandler}. */
export interface TracingCallbackHandlerOptions {
  /** Prices used for `clearstone.cost.usd`: `{ 'model-name': { inputPerMillion, outputPerMillion } }`. */
  prices?: PriceTable;
  /** Capture inputs and outputs as span snapshots (default true). */
  captureContent?: boolean;
  /**
   * Applied to every input and output before it is captured, e.g. to mask PII in what the trace
   * keeps: `(value) => redactValue(value, { entities: ['all'] })` with `redactValue` from
   * `@clearstone/policy/builtins`. Must be synchronous; when it throws, that content is left out
   * of the span (recorded as `clearstone.content.redaction_failed`) rather than stored unmasked.
   */
  redactContent?: (value: unknown, direction: 'input' | 'output') => unknown;
  /** Tracer name (default `'@clearstone/langchain'`). */
  tracerName?: string;
  /** Wait for the handler on the run's path (default true, exact timings and ordering). */
  awaitHandlers?: boolean;
}

interface RunSpan {
  span: Span;
  rootRunId: string;
  model?: ModelIdentity;
  usage?: TokenUsage;
  costUsd?: number;
}

const MAX_TOOL_DECISIONS = 1000;
const NOT_CAPTURED = Symbol('not captured');
const REDACTION_FAILED = Symbol('redaction failed');

/**
 * Records every LangChain run (agent/chain, chat model, LLM, tool, retriever) as a Clearstone
 * span, parented by LangChain's run ids, so each `invoke` becomes one trace (nested under the
 * active span when there is one). Spans carry GenAI attributes (`gen_ai.operation.name`,
 * `gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.usage.input_tokens`/`output_tokens`,
 * `gen_ai.tool.name`, `gen_ai.tool.call.id`), input/output snapshots, errors with stacks, the
 * cost `clearstone.cost.usd` from `prices`, and the policy decisions taken on the run (event
 * `clearstone.policy.decision`, attributes `clearstone.policy.*`). A decision
 * `clearstoneMiddleware` takes on a tool call is an event on the agent's `tools` span, where it
 * was taken, and the `clearstone.policy.*` attributes of the tool's own span when the tool then
 * runs (one event per decision, so counts over a trace stay exact). The root span also
 * carries the run's summed token usage and cost.
 *
 * @example
 * ```ts
 * const provider = new TracerProvider({ dbPath: 'traces.db' });
 * const tracing = new TracingCallbackHandler(provider, { prices: { 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 } } });
 * await agent.invoke({ messages }, { callbacks: [tracing] });
 * await provider.forceFlush();
 * ```
 */
export class TracingCallbackHandler extends BaseCallbackHandler {
  /** Name of the handler in LangChain. */
  name = 'clearstone_tracing';
  private readonly tracer: Tracer;
  private readonly prices: PriceTable;
  private readonly captureContent: boolean;
  private readonly redactContent: TracingCallbackHandlerOptions['redactContent'];
  private readonly runs = new Map<string, RunSpan>();
  private readonly toolDecisions = new Map<string, PolicyDecisionRecord>();
  private readonly unsubscribe: () => void;

  constructor(tracerProvider: TracerSource, options: TracingCallbackHandlerOptions = {}) {
    super({ _awaitHandler: options.awaitHandlers ?? true });
    recordComponentInitialized('TracingCallbackHandler');
    this.tracer = tracerProvider.getTracer(options.tracerName ?? '@clearstone/langchain');
    this.prices = validatePriceTable(options.prices);
    this.captureContent = options.captureContent ?? true;
    if (options.redactContent !== undefined && typeof options.redactContent !== 'function') {
      throw new InvalidArgumentError({
        message: 'redactContent must be a function (value, direction) => value.',
        argument: 'redactContent',
      });
    }
    this.redactContent = options.redactContent;
    const self = new WeakRef(this);
    const unsubscribe = subscribeDecisions((runId, record) => {
      const handler = self.deref();
      if (!handler) unsubscribe();
      return handler?.recordDecision(runId, record) ?? false;
    });
    this.unsubscribe = unsubscribe;
  }

  /** Stops receiving decisions published by `PolicyCallbackHandler` and ends any open spans. */
  dispose(): void {
    this.unsubscribe();
    for (const run of this.runs.values()) run.span.end();
    this.runs.clear();
  }

  /** Records who ran the agent (ambient policy context) on root spans, for backtests and filters. */
  override handleChainStart(
    chain: Serialized,
    inputs: ChainValues,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ): void {
    const name = runName ?? lastId(chain) ?? 'chain';
    const isRoot = !parentRunId || !this.runs.has(parentRunId);
    const attributes: Attributes = isRoot
      ? {
          [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT,
          [GenAiAttributes.AGENT_NAME]: name,
          ...contextAttributes(getCurrentContext()),
        }
      : {};
    this.start(runId, parentRunId, isRoot ? `invoke_agent ${name}` : name, 'chain', attributes, inputs);
  }

  override handleChainEnd(outputs: ChainValues, runId: string): void {
    this.finish(runId, outputs);
  }

  override handleChainError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    const model = modelFromRunStart(llm, extraParams, metadata);
    const input =
      messages.length === 1 ? compactMessages(messages[0]) : messages.map((batch) => compactMessages(batch));
    this.startModel(runId, parentRunId, GenAiOperations.CHAT, model, input);
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.startModel(
      runId,
      parentRunId,
      GenAiOperations.TEXT_COMPLETION,
      modelFromRunStart(llm, extraParams, metadata),
      prompts,
    );
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    const message = (output.generations?.[0]?.[0] as { message?: BaseMessage } | undefined)?.message;
    const responseModel = (message?.response_metadata as Record<string, unknown> | undefined)?.model_name;
    if (typeof responseModel === 'string') run.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, responseModel);
    const usage = usageOfResult(output);
    if (usage) {
      const cost = costOf(
        this.prices,
        typeof responseModel === 'string' ? responseModel : run.model?.model,
        usage.inputTokens,
        usage.outputTokens,
      );
      run.span.setAttributes(usageAttributes(usage, cost));
      this.addToRoot(run.rootRunId, usage, cost);
    }
    this.finish(runId, message ? plainValue(message) : plainValue(output.generations));
  }

  override handleLLMError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): void {
    const name = runName ?? lastId(tool) ?? 'tool';
    const attributes = definedAttributes({
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
      [GenAiAttributes.TOOL_NAME]: name,
      [GenAiAttributes.TOOL_CALL_ID]: toolCallId,
    });
    const decision = toolCallId ? this.toolDecisions.get(toolCallId) : undefined;
    const run = this.start(
      runId,
      parentRunId,
      `execute_tool ${name}`,
      'tool',
      attributes,
      parseToolInput(input),
      SpanKind.INTERNAL,
    );
    if (decision) run.span.setAttributes(decisionAttributes(decision));
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.finish(runId, output);
  }

  override handleToolError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  /** Starts a CLIENT span `retrieval <retriever name>` with the query as input. */
  override handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    const source = name ?? lastId(retriever) ?? 'retriever';
    const attributes = {
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.RETRIEVAL,
      [GenAiAttributes.DATA_SOURCE_ID]: source,
    };
    this.start(runId, parentRunId, `retrieval ${source}`, 'retriever', attributes, query, SpanKind.CLIENT);
  }

  /** Ends the retriever's span with the documents (content and metadata) as output. */
  override handleRetrieverEnd(documents: DocumentInterface[], runId: string): void {
    this.finish(
      runId,
      documents.map(({ pageContent, metadata }) => ({ pageContent, metadata })),
    );
  }

  /** Ends the retriever's span with the error recorded and an ERROR status. */
  override handleRetrieverError(error: unknown, runId: string): void {
    this.fail(runId, error);
  }

  /** Records the policy decisions published by `PolicyCallbackHandler` on the run's span. */
  override handleCustomEvent(eventName: string, data: unknown, runId: string): void {
    if (eventName === ClearstoneEvents.POLICY_DECISION && data && typeof data === 'object')
      this.recordDecision(runId, data as PolicyDecisionRecord);
  }

  /** Records a policy decision taken on `runId`; false when the run has no open span here. */
  recordDecision(runId: string, record: PolicyDecisionRecord): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    const attributes = decisionAttributes(record);
    run.span.addEvent(ClearstoneEvents.POLICY_DECISION, attributes);
    run.span.setAttributes(attributes);
    if (record.toolCallId) {
      this.toolDecisions.set(record.toolCallId, record);
      if (this.toolDecisions.size > MAX_TOOL_DECISIONS)
        this.toolDecisions.delete(this.toolDecisions.keys().next().value as string);
    }
    return true;
  }

  private startModel(
    runId: string,
    parentRunId: string | undefined,
    operation: string,
    model: ModelIdentity,
    input: unknown,
  ): void {
    const attributes = definedAttributes({
      [GenAiAttributes.OPERATION_NAME]: operation,
      [GenAiAttributes.REQUEST_MODEL]: model.model,
      [GenAiAttributes.PROVIDER_NAME]: model.provider,
    });
    const run = this.start(
      runId,
      parentRunId,
      `${operation} ${model.model ?? 'model'}`,
      'llm',
      attributes,
      input,
      SpanKind.CLIENT,
    );
    run.model = model;
  }

  /** The content a span keeps: plain data, passed through `redactContent` when configured. */
  private content(value: unknown, direction: 'input' | 'output'): unknown {
    const plain = plainValue(value);
    if (this.redactContent === undefined) return plain;
    try {
      return this.redactContent(plain, direction);
    } catch {
      return REDACTION_FAILED;
    }
  }

  private start(
    runId: string,
    parentRunId: string | undefined,
    name: string,
    runType: string,
    attributes: Attributes,
    input: unknown,
    kind = SpanKind.INTERNAL,
  ): RunSpan {
    const parent = parentRunId ? this.runs.get(parentRunId) : undefined;
    const captured = this.captureContent && input !== undefined ? this.content(input, 'input') : NOT_CAPTURED;
    const span = this.tracer.startSpan(name, {
      kind,
      attributes: {
        ...attributes,
        [ClearstoneAttributes.RUN_ID]: runId,
        [ClearstoneAttributes.RUN_TYPE]: runType,
        ...(captured === REDACTION_FAILED ? { [ClearstoneAttributes.CONTENT_REDACTION_FAILED]: 'input' } : {}),
      },
      ...(parent ? { parent: parent.span } : {}),
      ...(captured !== NOT_CAPTURED && captured !== REDACTION_FAILED ? { input: captured } : {}),
    });
    const run: RunSpan = { span, rootRunId: parent?.rootRunId ?? runId };
    this.runs.set(runId, run);
    for (const record of takePendingDecisions(runId)) this.recordDecision(runId, record);
    return run;
  }

  private finish(runId: string, output: unknown): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (this.captureContent && output !== undefined) {
      const captured = this.content(output, 'output');
      if (captured === REDACTION_FAILED) run.span.setAttribute(ClearstoneAttributes.CONTENT_REDACTION_FAILED, 'output');
      else run.span.setOutput(captured);
    }
    if (run.rootRunId === runId && run.usage) run.span.setAttributes(usageAttributes(run.usage, run.costUsd));
    run.span.setStatus(SpanStatusCode.OK);
    this.close(runId, run);
  }

  private fail(runId: string, error: unknown): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (run.rootRunId === runId && run.usage) run.span.setAttributes(usageAttributes(run.usage, run.costUsd));
    run.span.recordException(error);
    run.span.setStatus(SpanStatusCode.ERROR, error instanceof Error ? error.message : String(error));
    this.close(runId, run);
  }

  private close(runId: string, run: RunSpan): void {
    run.span.end();
    this.runs.delete(runId);
  }

  private addToRoot(rootRunId: string, usage: TokenUsage, cost: number | undefined): void {
    const root = this.runs.get(rootRunId);
    if (!root) return;
    root.usage = addUsage(root.usage, usage);
    if (cost !== undefined) root.costUsd = (root.costUsd ?? 0) + cost;
  }
}

function lastId(serialized: Serialized | undefined): string | undefined {
  const id = serialized?.id;
  return Array.isArray(id) && id.length > 0 ? String(id[id.length - 1]) : undefined;
}
