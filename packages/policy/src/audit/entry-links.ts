import { ContextKeys, activeSpanLocation, type PolicyContext, type SpanLocation } from '@clearstone/core';

/** What an audit entry records about the call a decision was about; `null` when unknown. */
export interface AuditLinks {
  /** Trace of the call. */
  readonly traceId: string | null;
  /** Span of the call. */
  readonly spanId: string | null;
  /** Kind of call, e.g. `'tool_call'`, `'model_call'`. */
  readonly eventType: string | null;
  /** The tool called, for a tool call. */
  readonly toolName: string | null;
  /** The model called, for a model call. */
  readonly model: string | null;
}

/** `metadata[key]` when it is a non-empty string, else null; never throws. */
function text(metadata: Readonly<Record<string, unknown>> | undefined, key: string): string | null {
  try {
    const value = metadata?.[key];
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

function metadataOf(ctx: PolicyContext): Readonly<Record<string, unknown>> | undefined {
  try {
    const metadata = ctx.metadata;
    return metadata !== null && typeof metadata === 'object' ? metadata : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The active span (see `activeSpanLocation` in `@clearstone/core`) when `ctx` names no trace or
 * span of its own (`ContextKeys.TRACE_ID` / `SPAN_ID`), else null. Read where the decision is made.
 */
export function ambientSpanFor(ctx: PolicyContext): SpanLocation | null {
  const metadata = metadataOf(ctx);
  if (text(metadata, ContextKeys.TRACE_ID) !== null || text(metadata, ContextKeys.SPAN_ID) !== null) return null;
  return activeSpanLocation() ?? null;
}

/**
 * The links of an entry about `ctx`: trace and span from the context's metadata, else from
 * `ambient`; event type, tool and model from the context's metadata.
 */
export function linksOf(ctx: PolicyContext, ambient: SpanLocation | null): AuditLinks {
  const metadata = metadataOf(ctx);
  const eventType = text(metadata, ContextKeys.EVENT_TYPE);
  const toolName = text(metadata, ContextKeys.TOOL_NAME);
  const model = text(metadata, ContextKeys.MODEL);
  if (ambient !== null) return { traceId: ambient.traceId, spanId: ambient.spanId, eventType, toolName, model };
  return {
    traceId: text(metadata, ContextKeys.TRACE_ID),
    spanId: text(metadata, ContextKeys.SPAN_ID),
    eventType,
    toolName,
    model,
  };
}
