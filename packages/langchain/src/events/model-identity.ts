import type { Serialized } from '@langchain/core/load/serializable';

/** Model name and provider of a chat model or LLM run, as far as they are known. */
export interface ModelIdentity {
  /** The model requested, else the model class's name (`FakeBuiltModel`): what spans are named after. */
  model?: string;
  /** The model requested, only when the run names one — never a class name. What a call is priced by when its response names no model. */
  requestedModel?: string;
  /** The provider (`ls_provider`), when known. */
  provider?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The model a model object asks for (`model`, `modelName` or `model_name` field), never its class name. */
export function modelIdOf(model: unknown): string | undefined {
  if (!model || typeof model !== 'object') return text(model);
  const fields = model as Record<string, unknown>;
  return text(fields.model) ?? text(fields.modelName) ?? text(fields.model_name);
}

/** Name of a model object (`model`, `modelName` or `model_name` field, else its runnable name). */
export function modelNameOf(model: unknown): string | undefined {
  if (!model || typeof model !== 'object') return text(model);
  const fields = model as { getName?: () => string };
  return modelIdOf(model) ?? (typeof fields.getName === 'function' ? text(fields.getName()) : undefined);
}

/**
 * Model identity from the arguments of `handleChatModelStart`/`handleLLMStart`: the invocation
 * params and LangSmith metadata (`ls_model_name`, `ls_provider`), else the serialized class name.
 */
export function modelFromRunStart(
  serialized: Serialized | undefined,
  extraParams: Record<string, unknown> | undefined,
  metadata: Record<string, unknown> | undefined,
): ModelIdentity {
  const params = (extraParams?.invocation_params ?? {}) as Record<string, unknown>;
  const id = serialized?.id;
  const className = Array.isArray(id) ? text(id[id.length - 1]) : undefined;
  const requestedModel =
    text(params.model) ?? text(params.model_name) ?? text(params.modelName) ?? text(metadata?.ls_model_name);
  const identity: ModelIdentity = {
    model: requestedModel ?? className,
    provider: text(metadata?.ls_provider) ?? text(params._type),
  };
  if (requestedModel !== undefined) identity.requestedModel = requestedModel;
  return identity;
}
