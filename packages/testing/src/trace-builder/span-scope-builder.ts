import { InvalidArgumentError, SpanKind } from '@clearstone/core';
import type { Attributes } from '@clearstone/core';
import { ClearstoneAttributes, GenAiAttributes, GenAiOperations } from '../conventions';
import { stepNode } from './step-node';
import type { StepNode } from './step-node';
import type { LlmStepOptions, SpanScope, SpanStepOptions, StepOptions, ToolStepOptions } from './types';

let callCounter = 0;

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

/** Builds the steps inside one span. */
export class SpanScopeBuilder implements SpanScope {
  /** @param node - the span whose children this scope adds. */
  constructor(protected readonly node: StepNode) {}

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
    const name = options.name ?? `${options.operation ?? GenAiOperations.CHAT} ${model}`;
    return this.add(
      applyStep(stepNode(name, options.kind ?? SpanKind.CLIENT, options.durationMs ?? 800, attributes), options),
    );
  }

  tool(toolName: string, options: ToolStepOptions = {}): this {
    requireText('tool', 'toolName', toolName);
    requireDuration('tool', options.durationMs);
    const attributes: Attributes = {
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
      [GenAiAttributes.TOOL_NAME]: toolName,
      [GenAiAttributes.TOOL_CALL_ID]: options.callId ?? `call_${(++callCounter).toString().padStart(4, '0')}`,
    };
    const node = stepNode(
      options.name ?? `execute_tool ${toolName}`,
      options.kind ?? SpanKind.INTERNAL,
      options.durationMs ?? 150,
      attributes,
    );
    return this.add(applyStep(node, options));
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
    if (fill !== undefined) fill(new SpanScopeBuilder(node));
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

  private add(node: StepNode): this {
    this.node.children.push(node);
    return this;
  }
}
