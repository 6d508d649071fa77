import {
  ActionType,
  ClearstoneEvents,
  ContextKeys,
  GovernedOutcomes,
  InvalidArgumentError,
  SpanKind,
  SpanStatusCode,
} from '@clearstone/core';
import type { Attributes, GovernedOutcome } from '@clearstone/core';
import { PREVENTED_OUTCOMES } from '../assertions/blocked-calls';
import type { PreventedOutcome } from '../assertions/blocked-calls';
import { ClearstoneAttributes, GenAiAttributes, GenAiOperations } from '../conventions';
import { stepNode } from './step-node';
import type { StepNode } from './step-node';
import type {
  BlockedLlmStepOptions,
  BlockedToolStepOptions,
  DecisionStep,
  GovernedStepOptions,
  LlmStepOptions,
  SpanScope,
  SpanStepOptions,
  StepOptions,
  ToolStepOptions,
} from './types';

let callCounter = 0;
let interventionCounter = 0;

/** Who the trace ran for, recorded in the policy context of governed steps. */
export interface TraceIdentity {
  /** `userId` of the policy context. */
  userId?: string;
  /** `agentId` of the policy context. */
  agentId?: string;
  /** `sessionId` of the policy context. */
  sessionId?: string;
}

/** The call a governed step records: what the decisions are about. */
interface GovernedCall {
  /** `tool_call` or `model_call`. */
  eventType: 'tool_call' | 'model_call';
  /** The tool, for tool calls. */
  toolName?: string;
  /** The tool call id, for tool calls. */
  toolCallId?: string;
  /** The model, for model calls. */
  model?: string;
}

const ACTIONS = new Set<string>(Object.values(ActionType));
const OUTCOMES = new Set<string>(Object.values(GovernedOutcomes));

function requireText(method: string, argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: ${argument} must be a non-empty string.`,
      argument,
    });
  }
}

function requireDuration(method: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: durationMs must be a non-negative number.`,
      argument: 'durationMs',
    });
  }
}

function applyStep(node: StepNode, options: StepOptions): StepNode {
  if (options.attributes !== undefined) Object.assign(node.attributes, options.attributes);
  if ('input' in options) Object.assign(node, { input: options.input, hasInput: true });
  if ('output' in options) Object.assign(node, { output: options.output, hasOutput: true });
  if (options.error !== undefined) node.error = options.error;
  return node;
}

function requireGovernance(method: string, options: GovernedStepOptions): void {
  const { decisions, outcome, policyContext } = options;
  if (
    decisions !== undefined &&
    (!Array.isArray(decisions) ||
      !decisions.every(
        (decision: DecisionStep | null) =>
          decision !== null && typeof decision === 'object' && ACTIONS.has(decision.action),
      ))
  ) {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: decisions must be a list of { action, policy?, reason? } with action one of ${[...ACTIONS].join(', ')}.`,
      argument: 'decisions',
    });
  }
  if (outcome !== undefined && outcome !== null && !OUTCOMES.has(outcome)) {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: outcome must be one of ${[...OUTCOMES].join(', ')} (got ${String(outcome)}).`,
      argument: 'outcome',
    });
  }
  if (policyContext !== undefined && (policyContext === null || typeof policyContext !== 'object')) {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: policyContext must be an object of context metadata.`,
      argument: 'policyContext',
    });
  }
}

function decisionAttributes(decision: DecisionStep, call: GovernedCall): Attributes {
  const attributes: Attributes = {
    [ClearstoneAttributes.POLICY_ACTION]: decision.action,
    [ClearstoneAttributes.POLICY_EVENT_TYPE]: call.eventType,
  };
  if (decision.policy !== undefined) attributes[ClearstoneAttributes.POLICY_NAME] = decision.policy;
  if (decision.reason !== undefined) attributes[ClearstoneAttributes.POLICY_REASON] = decision.reason;
  if (call.toolName !== undefined) attributes[ClearstoneAttributes.POLICY_TOOL_NAME] = call.toolName;
  if (call.toolCallId !== undefined) attributes[ClearstoneAttributes.POLICY_TOOL_CALL_ID] = call.toolCallId;
  if (decision.interventionId !== undefined)
    attributes[ClearstoneAttributes.POLICY_INTERVENTION_ID] = decision.interventionId;
  return attributes;
}

/** The decisions that stop a call with `outcome`: a BLOCK, a PAUSE, or a PAUSE then the BLOCK that replaced it. */
function stoppingDecisions(outcome: PreventedOutcome, policy: string | undefined, reason: string): DecisionStep[] {
  if (outcome === GovernedOutcomes.BLOCKED) return [{ action: ActionType.BLOCK, policy, reason }];
  const interventionId = `int_${(++interventionCounter).toString().padStart(4, '0')}`;
  const pause: DecisionStep = { action: ActionType.PAUSE, policy, reason, interventionId };
  if (outcome === GovernedOutcomes.PAUSED) return [pause];
  const why = outcome === GovernedOutcomes.REJECTED ? 'rejected by reviewer' : 'approval timed out';
  return [
    pause,
    {
      action: ActionType.BLOCK,
      policy,
      reason: `Intervention ${interventionId} was not approved (${why}): ${reason}`,
      interventionId,
    },
  ];
}

function requirePrevented(method: string, outcome: unknown): PreventedOutcome {
  if (outcome === undefined) return GovernedOutcomes.BLOCKED;
  if (!PREVENTED_OUTCOMES.includes(outcome as PreventedOutcome)) {
    throw new InvalidArgumentError({
      message: `traceBuilder.${method}: outcome must be one of ${PREVENTED_OUTCOMES.join(', ')} (got ${String(outcome)}).`,
      argument: 'outcome',
    });
  }
  return outcome as PreventedOutcome;
}

function policyContextText(
  identity: TraceIdentity,
  call: GovernedCall,
  input: { hasInput: boolean; input?: unknown },
  metadata: Record<string, unknown>,
): string {
  const own: Record<string, unknown> = { [ContextKeys.EVENT_TYPE]: call.eventType };
  if (call.toolName !== undefined) own[ContextKeys.TOOL_NAME] = call.toolName;
  if (call.toolCallId !== undefined) own[ContextKeys.TOOL_CALL_ID] = call.toolCallId;
  if (call.model !== undefined) own[ContextKeys.MODEL] = call.model;
  if (call.eventType === 'tool_call' && input.hasInput) own[ContextKeys.TOOL_INPUT] = input.input;
  const context = (withInput: boolean) => ({
    userId: identity.userId ?? '',
    agentId: identity.agentId ?? '',
    sessionId: identity.sessionId ?? '',
    metadata: withInput
      ? { ...own, ...metadata }
      : { ...Object.fromEntries(Object.entries(own).filter(([key]) => key !== ContextKeys.TOOL_INPUT)), ...metadata },
  });
  try {
    return JSON.stringify(context(true));
  } catch {
    return JSON.stringify(context(false));
  }
}

/** Builds the steps inside one span. */
export class SpanScopeBuilder implements SpanScope {
  /**
   * @param node - the span whose children this scope adds.
   * @param identity - who the trace ran for (policy contexts of governed steps).
   */
  constructor(
    protected readonly node: StepNode,
    protected readonly identity: TraceIdentity = {},
  ) {}

  llm(model: string, options: LlmStepOptions = {}): this {
    requireText('llm', 'model', model);
    requireDuration('llm', options.durationMs);
    const attributes: Attributes = {
      [GenAiAttributes.OPERATION_NAME]: options.operation ?? GenAiOperations.CHAT,
      [GenAiAttributes.REQUEST_MODEL]: model,
    };
    if (options.inputTokens !== undefined) attributes[GenAiAttributes.USAGE_INPUT_TOKENS] = options.inputTokens;
    if (options.outputTokens !== undefined) attributes[GenAiAttributes.USAGE_OUTPUT_TOKENS] = options.outputTokens;
    if (options.costUsd !== undefined) attributes[ClearstoneAttributes.COST_USD] = options.costUsd;
    requireGovernance('llm', options);
    const name = options.name ?? `${options.operation ?? GenAiOperations.CHAT} ${model}`;
    const node = stepNode(name, options.kind ?? SpanKind.CLIENT, options.durationMs ?? 800, attributes);
    this.govern(node, { eventType: 'model_call', model }, options);
    return this.add(applyStep(node, options));
  }

  tool(toolName: string, options: ToolStepOptions = {}): this {
    requireText('tool', 'toolName', toolName);
    requireDuration('tool', options.durationMs);
    requireGovernance('tool', options);
    const toolCallId = options.callId ?? `call_${(++callCounter).toString().padStart(4, '0')}`;
    const attributes: Attributes = {
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
      [GenAiAttributes.TOOL_NAME]: toolName,
      [GenAiAttributes.TOOL_CALL_ID]: toolCallId,
    };
    const node = stepNode(
      options.name ?? `execute_tool ${toolName}`,
      options.kind ?? SpanKind.INTERNAL,
      options.durationMs ?? 150,
      attributes,
    );
    this.govern(node, { eventType: 'tool_call', toolName, toolCallId }, options, options);
    return this.add(applyStep(node, options));
  }

  blockedTool(toolName: string, options: BlockedToolStepOptions = {}): this {
    requireText('blockedTool', 'toolName', toolName);
    const outcome = requirePrevented('blockedTool', options.outcome);
    const { policy, reason, ...rest } = options;
    const why =
      reason ?? `Tool '${toolName}' ${outcome === GovernedOutcomes.BLOCKED ? 'is not allowed' : 'needs approval'}`;
    return this.tool(toolName, {
      durationMs: 1,
      ...rest,
      decisions: options.decisions ?? stoppingDecisions(outcome, policy, why),
      outcome,
    });
  }

  blockedLlm(model: string, options: BlockedLlmStepOptions = {}): this {
    requireText('blockedLlm', 'model', model);
    const outcome = requirePrevented('blockedLlm', options.outcome);
    const { policy, reason, ...rest } = options;
    const why =
      reason ?? `Model '${model}' ${outcome === GovernedOutcomes.BLOCKED ? 'is not allowed' : 'needs approval'}`;
    return this.llm(model, {
      durationMs: 1,
      ...rest,
      decisions: options.decisions ?? stoppingDecisions(outcome, policy, why),
      outcome,
    });
  }

  span(
    name: string,
    optionsOrChildren?: SpanStepOptions | ((scope: SpanScope) => void),
    children?: (scope: SpanScope) => void,
  ): this {
    requireText('span', 'name', name);
    const options = typeof optionsOrChildren === 'function' ? {} : (optionsOrChildren ?? {});
    const fill = typeof optionsOrChildren === 'function' ? optionsOrChildren : children;
    requireDuration('span', options.durationMs);
    const attributes: Attributes = {};
    if (options.tool !== undefined) {
      attributes[GenAiAttributes.OPERATION_NAME] = GenAiOperations.EXECUTE_TOOL;
      attributes[GenAiAttributes.TOOL_NAME] = options.tool;
    } else if (options.model !== undefined) {
      attributes[GenAiAttributes.OPERATION_NAME] = GenAiOperations.CHAT;
      attributes[GenAiAttributes.REQUEST_MODEL] = options.model;
    }
    const node = applyStep(
      stepNode(name, options.kind ?? SpanKind.INTERNAL, options.durationMs ?? 20, attributes),
      options,
    );
    if (fill !== undefined) fill(new SpanScopeBuilder(node, this.identity));
    return this.add(node);
  }

  error(error: string | Error): this {
    if (!(typeof error === 'string' && error !== '') && !(error instanceof Error)) {
      throw new InvalidArgumentError({
        message: 'traceBuilder.error: pass an error message or an Error.',
        argument: 'error',
      });
    }
    const target = this.node.children[this.node.children.length - 1] ?? this.node;
    target.error = error;
    return this;
  }

  /** Records the decisions, outcome and policy context of a governed call on its node. */
  private govern(node: StepNode, call: GovernedCall, options: GovernedStepOptions, input: StepOptions = {}): void {
    const { decisions, outcome, policyContext } = options;
    if (decisions === undefined && outcome === undefined && policyContext === undefined) return;
    for (const decision of decisions ?? [])
      node.events.push({ name: ClearstoneEvents.POLICY_DECISION, attributes: decisionAttributes(decision, call) });
    const last = decisions?.[decisions.length - 1];
    if (last !== undefined) Object.assign(node.attributes, decisionAttributes(last, call));
    if (outcome !== null) {
      const recorded: GovernedOutcome = outcome ?? GovernedOutcomes.EXECUTED;
      node.attributes[ClearstoneAttributes.GOVERNED_OUTCOME] = recorded;
      if (recorded !== GovernedOutcomes.EXECUTED) node.status = SpanStatusCode.UNSET;
    }
    if (policyContext !== undefined) {
      node.attributes[ClearstoneAttributes.POLICY_CONTEXT] = policyContextText(
        this.identity,
        call,
        { hasInput: 'input' in input, input: input.input },
        policyContext,
      );
    }
  }

  private add(node: StepNode): this {
    this.node.children.push(node);
    return this;
  }
}
