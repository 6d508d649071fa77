import {
  ActionType,
  BLOCK,
  InvalidArgumentError,
  priceCall,
  recordComponentInitialized,
  validatePrices,
  type Decision,
  type PolicyContext,
  type PriceTable,
} from '@clearstone/core';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ContextSource } from '../context/resolve-context';
import { awaitApproval } from '../decisions/await-approval';
import { publishDecision, reserveRunSpan } from '../decisions/decision-channel';
import { toDecisionRecord } from '../decisions/decision-record';
import { evaluateEvent } from '../decisions/evaluate-event';
import { notifyAlert } from '../decisions/notify-alert';
import { pauseError, violationError } from '../decisions/policy-errors';
import type { AlertHandler, ApprovalChannel, GovernedEvent, PolicyEvaluator } from '../decisions/types';
import { compactMessages } from '../events/compact-messages';
import { modelFromRunStart } from '../events/model-identity';
import { parseToolInput } from '../events/parse-tool-input';
import { firstMessageOf, responseModelOf, responseProviderOf, usageOfResult } from '../events/token-usage';
import { RunRegistry } from './run-registry';

/** What the handler does with a REDACT decision, which callbacks cannot apply. */
export type RedactDecisionMode = 'block' | 'allow';

/** Options of {@link PolicyCallbackHandler}. */
export interface PolicyCallbackHandlerOptions {
  /** Context used when none is ambient (`contextScope`): fixed, or a function called per decision. */
  context?: ContextSource;
  /** Human approval for PAUSE decisions (an `InterventionClient`); without it PAUSE throws `PolicyPauseError`. */
  interventions?: ApprovalChannel;
  /** How long to wait for an approval before blocking (default 300000 = 5 minutes). */
  approvalTimeoutMs?: number;
  /** Called with every ALERT. */
  onAlert?: AlertHandler;
  /**
   * Callbacks can observe inputs but not change them, so a REDACT cannot be applied here:
   * `'block'` (default, fail closed) stops the call; `'allow'` lets it run unredacted.
   * Use `clearstoneMiddleware` to redact inside `createAgent`.
   */
  onRedact?: RedactDecisionMode;
  /** Your prices used to compute `sessionCost`; they win over `DEFAULT_PRICES` of `@clearstone/core` model by model. */
  prices?: PriceTable;
}

/**
 * Enforces policy decisions from LangChain callbacks, for runnables that are not a langchain
 * `createAgent` (chains, LangGraph graphs, direct `tool.invoke` / `model.invoke`). It is built
 * with `raiseError` and `awaitHandlers` on, so a BLOCK really stops the call.
 *
 * Decisions are taken at tool starts (`toolName` = the run name, `toolInput` = the parsed
 * arguments, `toolCallId`), chat model and LLM starts (`model`, `provider`, `messages` or
 * `prompts`) and retriever starts (`query`, `retrieverName`), each with `eventType`, `runId` and
 * the running totals of the root run (`tokensUsed`, `sessionCost`, `llmCallCount`,
 * `toolCallCount`) merged into the context.
 *
 * What happens to a BLOCK (`PolicyViolationError` thrown from the callback): a direct
 * `tool.invoke`, `model.invoke` or chain rejects with it and the tool/model never runs; inside a
 * `createAgent` a blocked model call rejects `agent.invoke`, but a blocked tool call is turned
 * by the agent's tool node into an error ToolMessage and the agent goes on (unless some
 * middleware defines `wrapToolCall`) — use `clearstoneMiddleware` for agents.
 *
 * @example
 * ```ts
 * const handler = new PolicyCallbackHandler(engine);
 * await contextScope(ctx, () => tool.invoke({ query }, { callbacks: [handler] }));
 * ```
 */
export class PolicyCallbackHandler extends BaseCallbackHandler {
  /** Name of the handler in LangChain. */
  name = 'clearstone_policy';
  private readonly engine: PolicyEvaluator;
  private readonly options: PolicyCallbackHandlerOptions;
  private readonly prices: PriceTable;
  private readonly registry = new RunRegistry();
  /** The model each running model call asked for, to price it when its response names none. */
  private readonly requestedModels = new Map<string, string>();

  constructor(engine: PolicyEvaluator, options: PolicyCallbackHandlerOptions = {}) {
    super({ raiseError: true });
    recordComponentInitialized('PolicyCallbackHandler');
    this.awaitHandlers = true;
    if (!engine || typeof engine.evaluate !== 'function') {
      throw new InvalidArgumentError({
        message: 'PolicyCallbackHandler: engine must be a PolicyEngine (an object with evaluate(ctx)).',
        argument: 'engine',
      });
    }
    if (options.onRedact !== undefined && options.onRedact !== 'block' && options.onRedact !== 'allow') {
      throw new InvalidArgumentError({
        message: `PolicyCallbackHandler: onRedact must be 'block' or 'allow'.`,
        argument: 'onRedact',
      });
    }
    this.engine = engine;
    this.options = options;
    this.prices = validatePrices(options.prices);
  }

  override handleChainStart(_chain: Serialized, _inputs: unknown, runId: string, parentRunId?: string): void {
    this.registry.start(runId, parentRunId);
  }

  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.registry.end(runId);
  }

  override handleChainError(_error: unknown, runId: string): void {
    this.registry.end(runId);
  }

  override async handleToolStart(
    _tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): Promise<void> {
    const totals = this.registry.start(runId, parentRunId);
    const event: GovernedEvent = {
      eventType: 'tool_call',
      toolName: runName,
      toolInput: parseToolInput(input),
      toolCallId,
      runId,
      ...totals,
    };
    totals.toolCallCount += 1;
    await this.enforce(runId, parentRunId, event);
  }

  override handleToolEnd(_output: unknown, runId: string): void {
    this.registry.end(runId);
  }

  override handleToolError(_error: unknown, runId: string): void {
    this.registry.end(runId);
  }

  override async handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const compact =
      messages.length === 1 ? compactMessages(messages[0]) : messages.map((batch) => compactMessages(batch));
    await this.governModel(runId, parentRunId, {
      ...this.identify(runId, llm, extraParams, metadata),
      messages: compact,
    });
  }

  override async handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    await this.governModel(runId, parentRunId, { ...this.identify(runId, llm, extraParams, metadata), prompts });
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    const usage = usageOfResult(output);
    const message = firstMessageOf(output);
    if (usage) {
      const call = priceCall({
        model: responseModelOf(message) ?? this.requestedModels.get(runId),
        provider: responseProviderOf(message),
        usage,
        prices: this.prices,
      });
      this.registry.addUsage(runId, usage, call.cost?.totalUsd);
    }
    this.requestedModels.delete(runId);
    this.registry.end(runId);
  }

  override handleLLMError(_error: unknown, runId: string): void {
    this.requestedModels.delete(runId);
    this.registry.end(runId);
  }

  /** Decides on the retriever call before it runs. */
  override async handleRetrieverStart(
    retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    _metadata?: Record<string, unknown>,
    name?: string,
  ): Promise<void> {
    const totals = this.registry.start(runId, parentRunId);
    const id = retriever?.id;
    const retrieverName = name ?? (Array.isArray(id) ? String(id[id.length - 1]) : undefined);
    await this.enforce(runId, parentRunId, { eventType: 'retriever_call', query, retrieverName, runId, ...totals });
  }

  /** Forgets the finished retriever run. */
  override handleRetrieverEnd(_documents: unknown, runId: string): void {
    this.registry.end(runId);
  }

  /** Forgets the failed retriever run. */
  override handleRetrieverError(_error: unknown, runId: string): void {
    this.registry.end(runId);
  }

  /** The model and provider of a model run (for the context), remembering the requested model for pricing. */
  private identify(
    runId: string,
    llm: Serialized,
    extraParams: Record<string, unknown> | undefined,
    metadata: Record<string, unknown> | undefined,
  ): { model?: string; provider?: string } {
    const { requestedModel, ...identity } = modelFromRunStart(llm, extraParams, metadata);
    if (requestedModel !== undefined) this.requestedModels.set(runId, requestedModel);
    return identity;
  }

  private async governModel(
    runId: string,
    parentRunId: string | undefined,
    details: Partial<GovernedEvent>,
  ): Promise<void> {
    const totals = this.registry.start(runId, parentRunId);
    const event: GovernedEvent = { eventType: 'model_call', ...details, runId, ...totals };
    totals.llmCallCount += 1;
    await this.enforce(runId, parentRunId, event);
  }

  /** Decides on the run; a run that is stopped never gets an end or error callback, so it is forgotten here. */
  private async enforce(runId: string, parentRunId: string | undefined, event: GovernedEvent): Promise<void> {
    try {
      await this.decide(runId, parentRunId, event);
    } catch (error) {
      this.registry.end(runId);
      this.requestedModels.delete(runId);
      throw error;
    }
  }

  private async decide(runId: string, parentRunId: string | undefined, governed: GovernedEvent): Promise<void> {
    const event: GovernedEvent = parentRunId === undefined ? governed : { ...governed, parentRunId };
    const location = reserveRunSpan(runId, parentRunId);
    const { decision, context, error } = await evaluateEvent(this.engine, this.options.context, event, location);
    this.report(runId, decision, event, context);
    await notifyAlert(this.options.onAlert, decision, event);
    if (decision.action === ActionType.BLOCK) throw violationError(decision, event, error);
    if (decision.action === ActionType.REDACT && this.options.onRedact !== 'allow') {
      const block = BLOCK(
        `REDACT cannot be applied from a callback handler (use clearstoneMiddleware to redact); blocking instead: ${decision.reason ?? 'redaction required'}`,
        { ...decision.metadata },
      );
      this.report(runId, block, event);
      throw violationError(block, event);
    }
    if (decision.action !== ActionType.PAUSE) return;
    if (!this.options.interventions) throw pauseError(decision, event);
    const outcome = await awaitApproval(this.options.interventions, decision, {
      timeoutMs: this.options.approvalTimeoutMs ?? 300_000,
      context,
    });
    if (outcome.approved) return;
    this.report(runId, outcome.block!, event);
    throw violationError(outcome.block!, event);
  }

  private report(runId: string, decision: Decision, event: GovernedEvent, context?: PolicyContext): void {
    publishDecision(runId, toDecisionRecord(decision, event, { context }));
  }
}
