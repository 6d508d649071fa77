import type { AttributeValue, Attributes, SpanEvent, SpanLink } from '@clearstone/core';

// JSON columns: attributes, events and links. Empty values are stored as SQL NULL. Event times are
// bigints, written as decimal strings. JSON has no NaN, Infinity or -0: such numbers are written as
// `{"$number":"NaN"}` (an object is never an attribute value, so the form is unambiguous) and
// restored on reading; values without them are written by plain JSON.stringify.

const NUMBER_TAG = '$number';
const TAGGED_MARK = `{"${NUMBER_TAG}":`;

/** True for NaN, ±Infinity and -0: the numbers plain JSON cannot keep. */
function isSpecialNumber(value: unknown): boolean {
  return typeof value === 'number' && (value - value !== 0 || (value === 0 && 1 / value < 0));
}

function hasSpecialNumber(attributes: Attributes | undefined): boolean {
  for (const key in attributes) {
    const value: unknown = attributes[key];
    if (typeof value === 'number') {
      if (isSpecialNumber(value)) return true;
    } else if (Array.isArray(value) && value.length > 0 && typeof value[0] !== 'string') {
      for (const item of value) if (isSpecialNumber(item)) return true;
    }
  }
  return false;
}

function tagSpecialNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || !isSpecialNumber(value)) return value;
  return { [NUMBER_TAG]: value === 0 ? '-0' : String(value) };
}

function untag(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(untag);
  const text = (value as Record<string, unknown>)[NUMBER_TAG];
  if (text === '-0') return -0;
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return Number(text);
  return value;
}

function untagAttributes(attributes: Record<string, unknown> | undefined): void {
  if (attributes === undefined || attributes === null) return;
  for (const key of Object.keys(attributes)) attributes[key] = untag(attributes[key]);
}

/** JSON text of `attributes`, or null when there are none. */
export function attributesToJson(attributes: Attributes): string | null {
  for (const _key in attributes)
    return hasSpecialNumber(attributes) ? JSON.stringify(attributes, tagSpecialNumbers) : JSON.stringify(attributes);
  return null;
}

/** JSON text of `events`, or null when there are none. */
export function eventsToJson(events: readonly SpanEvent[]): string | null {
  if (events.length === 0) return null;
  const special = events.some((event) => hasSpecialNumber(event.attributes));
  const plain = events.map((event) => ({
    name: event.name,
    timeNs: event.timeNs.toString(),
    attributes: event.attributes,
  }));
  return special ? JSON.stringify(plain, tagSpecialNumbers) : JSON.stringify(plain);
}

/** JSON text of `links`, or null when there are none. */
export function linksToJson(links: readonly SpanLink[]): string | null {
  if (links.length === 0) return null;
  return links.some((link) => hasSpecialNumber(link.attributes))
    ? JSON.stringify(links, tagSpecialNumbers)
    : JSON.stringify(links);
}

/** Attributes from their column. */
export function attributesFromJson(json: unknown): Attributes {
  if (typeof json !== 'string') return {};
  const attributes = JSON.parse(json) as Record<string, AttributeValue>;
  if (json.includes(TAGGED_MARK)) untagAttributes(attributes);
  return attributes;
}

/** Events from their column. */
export function eventsFromJson(json: unknown): SpanEvent[] {
  if (typeof json !== 'string') return [];
  const tagged = json.includes(TAGGED_MARK);
  return (JSON.parse(json) as Array<{ name: string; timeNs: string; attributes?: Attributes }>).map((event) => {
    const attributes = event.attributes ?? {};
    if (tagged) untagAttributes(attributes);
    return { name: event.name, timeNs: BigInt(event.timeNs), attributes };
  });
}

/** Links from their column. */
export function linksFromJson(json: unknown): SpanLink[] {
  if (typeof json !== 'string') return [];
  const tagged = json.includes(TAGGED_MARK);
  return (JSON.parse(json) as SpanLink[]).map((link) => {
    const attributes = link.attributes ?? {};
    if (tagged) untagAttributes(attributes);
    return { traceId: link.traceId, spanId: link.spanId, attributes };
  });
}
