import {
  ActionType,
  ContextKeys,
  GovernedOutcomes,
  InvalidArgumentError,
  SpanKind,
  addCosts,
  addUsage,
  callCostAttributes,
  costAttributes,
  priceCall,
  recordComponentInitialized,
  SpanStatusCode,
  getCurrentContext,
  usageAttributes,
  validatePrices,
  type Attributes,
  type CostBreakdown,
  type PriceTable,
  type TokenUsage,
} from '@clearstone/core';
import type { Span, Tracer } from '@clearstone/observability';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from '../conventions';
import {
  DECISION_RECEIVER,
  registerRunLocator,
  subscribeDecisions,
  takePendingDecisions,
  takeReservedSpanId,
} from '../decisions/decision-channel';
import { decisionAttributes, type PolicyDecisionRecord } from '../decisions/decision-record';
import { compactMessages } from '../events/compact-messages';
import { modelFromRunStart, type ModelIdentity } from '../events/model-identity';
import { parseToolInput } from '../events/parse-tool-input';
import { firstMessageOf, responseModelOf, responseProviderOf, usageOfResult } from '../events/token-usage';
import { GovernedCalls, type GovernedCall } from './governed-calls';
import { plainValue } from './plain-value';
import { policyContextText } from './policy-context-text';
import { contextAttributes, definedAttributes } from './run-attributes';

/** The part of a Clearstone `TracerProvider` the handler uses. */
export interface TracerSource {
  /** The tracer with this instrumentation name and version. */
  getTracer(name: string, version?: string): Tracer;
}

/** Options of {@link TracingCallbackHandler}. */
export interface TracingCallbackHandlerOptions {
  /**
   * Your prices, per model, in US dollars per million tokens (`{ 'my-model': { inputPerMillion,
   * outputPerMillion, cacheReadPerMillion?, … } }`); they win over `DEFAULT_PRICES` of
   * `@clearstone/core`, which prices the current hosted models without this option.
   */
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
  cost?: CostBreakdown;
  /** `chain`, `llm`, `tool` or `retriever`. */
  runType: string;
  /** Set when a policy decision stopped this run (callback-handler governance): its failure is not an error. */
  prevented?: boolean;
}

const NOT_CAPTURED = Symbol('not captured');
const REDACTION_FAILED = Symbol('redaction failed');

/**
 * Records every LangChain run (agent/chain, chat model, LLM, tool, retriever) as a Clearstone
 * span, parented by LangChain's run ids, so each `invoke` becomes one trace (nested under the
 * active span when there is one). Spans carry GenAI attributes (`gen_ai.operation.name`,
 * `gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.response.model` (the model the response
 * names), `gen_ai.usage.input_tokens`/`output_tokens` and the cached, cache-write and reasoning
 * counts, `gen_ai.tool.name`, `gen_ai.tool.call.id`), input/output snapshots, errors with stacks,
 * the cost `clearstone.cost.usd` and its parts (priced by `@clearstone/core`'s cost engine from
 * the response's model: `DEFAULT_PRICES`, with `prices` winning; a model with no price is
 * recorded as `clearstone.cost.unknown` and warned about once), and the policy decisions taken on the run (event
 * `clearstone.policy.decision`, attributes `clearstone.policy.*`). A decision
 * `clearstoneMiddleware` takes on a tool call is an event on the agent's `tools` span, where it
 * was taken, and the `clearstone.policy.*` attributes of the tool's own span when the tool then
 * runs (one event per decision, so counts over a trace stay exact). The root span also
 * carries the run's summed token usage and cost.
 *
 * @example
 * ```ts
 * const provider = new TracerProvider({ dbPath: 'traces.db' });
 * const tracing = new TracingCallbackHandler(provider, { prices: { 'my-finetune': { inputPerMillion: 3, outputPerMillion: 12 } } });
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
  private readonly governed = new GovernedCalls();
  /** Decisions the middleware handed over directly: their custom event, if sent too, is not recorded twice. */
  private readonly received = new WeakSet<object>();
  private readonly unsubscribe: () => void;
  private readonly unregisterLocator: () => void;

  constructor(tracerProvider: TracerSource, options: TracingCallbackHandlerOptions = {}) {
    super({ _awaitHandler: options.awaitHandlers ?? true });
    recordComponentInitialized('TracingCallbackHandler');
    this.tracer = tracerProvider.getTracer(options.tracerName ?? '@clearstone/langchain');
    this.prices = validatePrices(options.prices);
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
    const unregisterLocator = registerRunLocator((runId) => {
      const handler = self.deref();
      if (!handler) unregisterLocator();
      const run = handler?.runs.get(runId);
      return run ? { traceId: run.span.traceId, spanId: run.span.spanId } : undefined;
    });
    this.unregisterLocator = unregisterLocator;
  }

  /** Stops receiving decisions published by `PolicyCallbackHandler` and ends any open spans. */
  dispose(): void {
    this.unsubscribe();
    this.unregisterLocator();
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
    const message = firstMessageOf(output) as BaseMessage | undefined;
    const responseModel = responseModelOf(message);
    if (responseModel !== undefined) run.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, responseModel);
    const usage = usageOfResult(output);
    if (usage) {
      const call = priceCall({
        model: responseModel ?? run.model?.requestedModel,
        provider: responseProviderOf(message) ?? run.model?.provider,
        usage,
        prices: this.prices,
      });
      run.span.setAttributes(callCostAttributes(call));
      this.addToRoot(run.rootRunId, usage, call.cost);
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
    const call = toolCallId ? this.governed.takeTool(toolCallId) : undefined;
    const run = this.start(
      runId,
      parentRunId,
      `execute_tool ${name}`,
      'tool',
      attributes,
      parseToolInput(input),
      SpanKind.INTERNAL,
      call?.spanId,
    );
    if (call) this.applyGoverned(run.span, call, GovernedOutcomes.EXECUTED);
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
    if (eventName === ClearstoneEvents.POLICY_DECISION && data && typeof data === 'object' && !this.received.has(data))
      this.recordDecision(runId, data as PolicyDecisionRecord);
  }

  /** Takes a decision of `clearstoneMiddleware` directly (same as its custom event). */
  [DECISION_RECEIVER](runId: string, record: PolicyDecisionRecord): void {
    this.received.add(record);
    this.recordDecision(runId, record);
  }

  /**
   * Records a policy decision taken on `runId`; false when the run has no open span here. A
   * decision the middleware took on a call that is not a run yet is kept for the call's own span:
   * the tool's or model's span when it runs, or, when the decision prevents it, an
   * `execute_tool <name>` / `chat <model>` span recorded now that shows it did not run.
   */
  recordDecision(runId: string, record: PolicyDecisionRecord): boolean {
    const run = this.runs.get(runId);
    if (!run) {
      // A callback handler blocked the run before this handler saw it start: record the run that never was.
      if (record.governedCall || record.action !== ActionType.BLOCK || record.eventType === 'retriever_call')
        return false;
      this.recordPrevented(
        {
          key: runId,
          nodeRunId: record.parentRunId ?? '',
          spanId: record.spanId ?? takeReservedSpanId(runId),
          records: [record],
        },
        record.outcome ?? GovernedOutcomes.BLOCKED,
      );
      return true;
    }
    if (record.governedCall) {
      const call = this.governed.add(runId, record);
      if (record.action === ActionType.BLOCK) this.recordPrevented(call, record.outcome ?? GovernedOutcomes.BLOCKED);
      return true;
    }
    const attributes = decisionAttributes(record);
    run.span.addEvent(ClearstoneEvents.POLICY_DECISION, attributes);
    run.span.setAttributes(attributes);
    const contextText = this.policyContext(record);
    if (contextText !== undefined) run.span.setAttribute(ClearstoneAttributes.POLICY_CONTEXT, contextText);
    if (record.action === ActionType.BLOCK) {
      // The callback handler throws from the run's start: the run gets no end or error callback.
      run.prevented = true;
      run.span.setAttribute(ClearstoneAttributes.GOVERNED_OUTCOME, record.outcome ?? GovernedOutcomes.BLOCKED);
      if (this.isGovernedRun(run) || run.runType === 'retriever') this.close(runId, run);
    } else if (record.action !== ActionType.PAUSE && this.isGovernedRun(run)) {
      run.span.setAttribute(ClearstoneAttributes.GOVERNED_OUTCOME, GovernedOutcomes.EXECUTED);
    }
    return true;
  }

  private isGovernedRun(run: RunSpan): boolean {
    return run.runType === 'tool' || run.runType === 'llm';
  }

  /** The `clearstone.policy.context` text of a decision, redacted like inputs. */
  private policyContext(record: PolicyDecisionRecord): string | undefined {
    return policyContextText(record.context, {
      captureContent: this.captureContent,
      redact: (value) => (this.redactContent === undefined ? value : this.redactContent(value, 'input')),
    });
  }

  /** Decision events, final decision attributes, outcome and policy context on a governed call's span. */
  private applyGoverned(span: Span, call: GovernedCall, outcome: string): void {
    for (const record of call.records) span.addEvent(ClearstoneEvents.POLICY_DECISION, decisionAttributes(record));
    const final = call.records[call.records.length - 1];
    if (final) span.setAttributes(decisionAttributes(final));
    span.setAttribute(ClearstoneAttributes.GOVERNED_OUTCOME, outcome);
    const evaluated = call.records.find((record) => record.context !== undefined);
    const contextText = evaluated ? this.policyContext(evaluated) : undefined;
    if (contextText !== undefined) span.setAttribute(ClearstoneAttributes.POLICY_CONTEXT, contextText);
  }

  /** Records a governed call that did not run as its own span under the node it was made from. */
  private recordPrevented(call: GovernedCall, outcome: string): void {
    this.governed.remove(call);
    const parent = this.runs.get(call.nodeRunId);
    if (!parent && call.records[0]?.governedCall) return;
    const first = call.records[0];
    const isTool = first.eventType === 'tool_call';
    const name = isTool ? `execute_tool ${first.toolName ?? 'tool'}` : `chat ${first.model ?? 'model'}`;
    const attributes = definedAttributes({
      [GenAiAttributes.OPERATION_NAME]: isTool ? GenAiOperations.EXECUTE_TOOL : GenAiOperations.CHAT,
      [GenAiAttributes.TOOL_NAME]: isTool ? first.toolName : undefined,
      [GenAiAttributes.TOOL_CALL_ID]: isTool ? first.toolCallId : undefined,
      [GenAiAttributes.REQUEST_MODEL]: isTool ? undefined : first.model,
      [ClearstoneAttributes.RUN_TYPE]: isTool ? 'tool' : 'llm',
    });
    const evaluated = call.records.find((record) => record.context !== undefined);
    const input = isTool ? first.toolInput : evaluated?.context?.metadata[ContextKeys.MESSAGES];
    const captured = this.captureContent && input !== undefined ? this.content(input, 'input') : NOT_CAPTURED;
    if (captured === REDACTION_FAILED) attributes[ClearstoneAttributes.CONTENT_REDACTION_FAILED] = 'input';
    const span = this.tracer.startSpan(name, {
      kind: isTool ? SpanKind.INTERNAL : SpanKind.CLIENT,
      attributes,
      ...(parent ? { parent: parent.span } : {}),
      ...(call.spanId !== undefined ? { spanId: call.spanId } : {}),
      ...(captured !== NOT_CAPTURED && captured !== REDACTION_FAILED ? { input: captured } : {}),
    });
    this.applyGoverned(span, call, outcome);
    span.end();
  }

  /** Governed calls decided in the node `runId` that never ran: a PAUSE that suspended the run is recorded as paused. */
  private settleGovernedCalls(runId: string): void {
    for (const call of this.governed.takeNode(runId)) {
      const final = call.records[call.records.length - 1];
      if (final?.action === ActionType.PAUSE) this.recordPrevented(call, GovernedOutcomes.PAUSED);
    }
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
    const call = parentRunId ? this.governed.takeModel(parentRunId) : undefined;
    const run = this.start(
      runId,
      parentRunId,
      `${operation} ${model.model ?? 'model'}`,
      'llm',
      attributes,
      input,
      SpanKind.CLIENT,
      call?.spanId,
    );
    run.model = model;
    if (call) this.applyGoverned(run.span, call, GovernedOutcomes.EXECUTED);
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
    spanId: string | undefined = undefined,
  ): RunSpan {
    const parent = parentRunId ? this.runs.get(parentRunId) : undefined;
    const ownSpanId = spanId ?? takeReservedSpanId(runId);
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
      ...(ownSpanId !== undefined ? { spanId: ownSpanId } : {}),
      ...(captured !== NOT_CAPTURED && captured !== REDACTION_FAILED ? { input: captured } : {}),
    });
    const run: RunSpan = { span, rootRunId: parent?.rootRunId ?? runId, runType };
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
    if (run.rootRunId === runId) this.recordRunTotals(run);
    run.span.setStatus(SpanStatusCode.OK);
    this.close(runId, run);
  }

  private fail(runId: string, error: unknown): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (run.rootRunId === runId) this.recordRunTotals(run);
    if (run.prevented) {
      // The policy stopped the call before it ran: a decision, not an error of the tool or model.
      this.close(runId, run);
      return;
    }
    run.span.recordException(error);
    run.span.setStatus(SpanStatusCode.ERROR, error instanceof Error ? error.message : String(error));
    this.close(runId, run);
  }

  private close(runId: string, run: RunSpan): void {
    this.settleGovernedCalls(runId);
    run.span.end();
    this.runs.delete(runId);
  }

  private addToRoot(rootRunId: string, usage: TokenUsage, cost: CostBreakdown | undefined): void {
    const root = this.runs.get(rootRunId);
    if (!root) return;
    root.usage = addUsage(root.usage, usage);
    if (cost !== undefined) root.cost = addCosts(root.cost, cost);
  }

  /** The run's summed usage and the summed cost of its calls whose cost is known, on its root span. */
  private recordRunTotals(run: RunSpan): void {
    if (run.usage) run.span.setAttributes(usageAttributes(run.usage));
    if (run.cost) run.span.setAttributes(costAttributes(run.cost));
  }
}

function lastId(serialized: Serialized | undefined): string | undefined {
  const id = serialized?.id;
  return Array.isArray(id) && id.length > 0 ? String(id[id.length - 1]) : undefined;
}
