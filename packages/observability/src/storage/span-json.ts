import type { Attributes, SpanEvent, SpanLink } from '@clearstone/core';

// JSON columns: attributes, events and links. Empty values are stored as SQL NULL. Event times are
// bigints, written as decimal strings.

/** JSON text of `attributes`, or null when there are none. */
export function attributesToJson(attributes: Attributes): string | null {
  for (const _key in attributes) return JSON.stringify(attributes);
  return null;
}

/** JSON text of `events`, or null when there are none. */
export function eventsToJson(events: readonly SpanEvent[]): string | null {
  if (events.length === 0) return null;
  return JSON.stringify(events.map((event) => ({ name: event.name, timeNs: event.timeNs.toString(), attributes: event.attributes })));
}

/** JSON text of `links`, or null when there are none. */
export function linksToJson(links: readonly SpanLink[]): string | null {
  return links.length === 0 ? null : JSON.stringify(links);
}

/** Attributes from their column. */
export function attributesFromJson(json: unknown): Attributes {
  return typeof json === 'string' ? (JSON.parse(json) as Attributes) : {};
}

/** Events from their column. */
export function eventsFromJson(json: unknown): SpanEvent[] {
  if (typeof json !== 'string') return [];
  return (JSON.parse(json) as Array<{ name: string; timeNs: string; attributes?: Attributes }>).map((event) => ({
    name: event.name,
    timeNs: BigInt(event.timeNs),
    attributes: event.attributes ?? {},
  }));
}

/** Links from their column. */
export function linksFromJson(json: unknown): SpanLink[] {
  if (typeof json !== 'string') return [];
  return (JSON.parse(json) as SpanLink[]).map((link) => ({ traceId: link.traceId, spanId: link.spanId, attributes: link.attributes ?? {} }));
}
