import type { CheckpointData, SpanData } from './api-types';
import { h } from './dom';
import {
  costParts,
  formatAttribute,
  formatCost,
  formatCostPart,
  formatDuration,
  formatTimestamp,
  formatTokens,
} from './format';
import { traceHref } from './hash-route';
import { decisionTable, keyValueTable, outcomeBadge, outcomeExplanation, snapshotBlock, statusBadge } from './widgets';

function section(title: string, ...content: Array<Node | null>): HTMLElement {
  return h('section', { class: 'panel-section' }, h('h3', {}, title), ...content);
}

function llmSection(span: SpanData): HTMLElement | null {
  const llm = span.llm;
  if (llm === undefined) return null;
  const rows: Array<[string, string]> = [];
  if (llm.model) rows.push(['Model', llm.model]);
  if (llm.responseModel && llm.responseModel !== llm.model) rows.push(['Response model', llm.responseModel]);
  if (llm.provider) rows.push(['Provider', llm.provider]);
  if (llm.inputTokens !== undefined) rows.push(['Input tokens', formatTokens(llm.inputTokens)]);
  if (llm.outputTokens !== undefined) rows.push(['Output tokens', formatTokens(llm.outputTokens)]);
  if (llm.cacheReadTokens !== undefined) rows.push(['Cached input tokens', formatTokens(llm.cacheReadTokens)]);
  if (llm.cacheWriteTokens !== undefined) rows.push(['Cache write tokens', formatTokens(llm.cacheWriteTokens)]);
  if (llm.reasoningTokens !== undefined) rows.push(['Reasoning tokens', formatTokens(llm.reasoningTokens)]);
  if (llm.costUnknown) rows.push(['Cost', `unknown — no price for ${llm.responseModel ?? llm.model ?? 'this model'}`]);
  else if (llm.costUsd !== undefined) rows.push(['Cost', formatCost(llm.costUsd)]);
  if (llm.cost !== undefined) {
    for (const [label, usd] of costParts(llm.cost))
      rows.push([`${label[0].toUpperCase()}${label.slice(1)} cost`, formatCostPart(usd, llm.cost.totalUsd)]);
  }
  return section('Model call', keyValueTable(rows, 'llm'));
}

function toolSection(span: SpanData): HTMLElement | null {
  if (span.tool === undefined) return null;
  const rows: Array<[string, string]> = [['Tool', span.tool.name]];
  if (span.tool.callId) rows.push(['Call id', span.tool.callId]);
  return section(
    'Tool call',
    keyValueTable(rows, 'tool'),
    span.input ? h('h4', {}, 'Arguments') : null,
    span.input ? snapshotBlock(span.input) : null,
  );
}

function outcomeSection(span: SpanData): HTMLElement | null {
  if (!span.prevented) return null;
  return h(
    'section',
    { class: 'panel-section not-run', 'data-testid': 'not-run' },
    h('h3', {}, 'Did not run', outcomeBadge(span.outcome, { small: true })),
    h('p', {}, outcomeExplanation(span.outcome)),
  );
}

function errorSection(span: SpanData): HTMLElement | null {
  if (span.error === undefined) return null;
  return section(
    'Error',
    h('p', { class: 'error-text' }, [span.error.type, span.error.message].filter(Boolean).join(': ') || 'Failed'),
    span.error.stack ? h('pre', { class: 'code stack' }, span.error.stack) : null,
  );
}

function eventsSection(span: SpanData): HTMLElement | null {
  // Decisions and exceptions have sections of their own.
  const events = span.events.filter((event) => event.category === 'other');
  if (events.length === 0) return null;
  return section(
    'Events',
    h(
      'ul',
      { class: 'events' },
      ...events.map((event) =>
        h(
          'li',
          {},
          h('strong', {}, event.name),
          h('span', { class: 'muted' }, ` +${formatDuration(event.offsetMs)}`),
          Object.keys(event.attributes).length > 0
            ? keyValueTable(Object.entries(event.attributes).map(([key, value]) => [key, formatAttribute(value)]))
            : null,
        ),
      ),
    ),
  );
}

/** Links to checkpoints, each opening the span it was taken at. */
export function checkpointList(checkpoints: readonly CheckpointData[], traceId: string): HTMLElement {
  return h(
    'ul',
    { class: 'checkpoints' },
    ...checkpoints.map((checkpoint) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: traceHref(traceId, checkpoint.spanId) },
          checkpoint.label ?? checkpoint.spanName ?? checkpoint.spanId,
        ),
        h('code', {}, ` ${checkpoint.checkpointId}`),
        h(
          'span',
          { class: 'muted' },
          ` ${checkpoint.createdAt}${checkpoint.verified ? '' : ' · integrity not checked'}`,
        ),
        checkpoint.path ? h('div', { class: 'muted path' }, checkpoint.path) : null,
      ),
    ),
  );
}

/** Everything recorded on one span: timing, model/tool details, decisions, error, input/output, events, attributes. */
export function spanPanel(span: SpanData, traceId: string, checkpoints: readonly CheckpointData[]): HTMLElement {
  const here = checkpoints.filter((checkpoint) => checkpoint.spanId === span.spanId);
  const attributes = Object.entries(span.attributes).sort(([left], [right]) => left.localeCompare(right));
  return h(
    'aside',
    { class: 'panel', 'data-testid': 'span-panel', 'aria-label': 'Span details' },
    h('h2', {}, span.name),
    outcomeSection(span),
    keyValueTable([
      ['Status', statusBadge(span.status)],
      ['Kind', span.kind],
      ['Started', `${formatTimestamp(span.startTimeNs)} (+${formatDuration(span.offsetMs)})`],
      ['Duration', formatDuration(span.durationMs)],
      ['Span id', span.spanId],
      [
        'Scope',
        `${span.instrumentation.name}${span.instrumentation.version ? ` ${span.instrumentation.version}` : ''}`,
      ],
    ]),
    span.decisions.length > 0 ? section('Policy decisions', decisionTable(span.decisions)) : null,
    errorSection(span),
    llmSection(span),
    toolSection(span),
    span.input && !span.tool ? section('Input', snapshotBlock(span.input)) : null,
    span.output ? section('Output', snapshotBlock(span.output)) : null,
    eventsSection(span),
    attributes.length > 0
      ? section(
          'Attributes',
          keyValueTable(
            attributes.map(([key, value]) => [key, formatAttribute(value)]),
            'attributes',
          ),
        )
      : null,
    span.links.length > 0
      ? section(
          'Links',
          h(
            'ul',
            {},
            ...span.links.map((link) =>
              h('li', {}, h('a', { href: traceHref(link.traceId, link.spanId) }, `${link.traceId} / ${link.spanId}`)),
            ),
          ),
        )
      : null,
    here.length > 0 ? section('Checkpoints at this span', checkpointList(here, traceId)) : null,
  );
}
