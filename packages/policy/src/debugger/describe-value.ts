import type { Runtime } from 'node:inspector';

function previewValue(property: Runtime.PropertyPreview): string {
  if (property.type === 'string') return JSON.stringify(property.value ?? '');
  if (property.type === 'object' && property.subtype !== 'null') return property.value || 'Object';
  return property.value ?? property.type;
}

/** A short readable rendering of an inspector value, like a REPL would print it. */
export function describeValue(value: Runtime.RemoteObject | undefined): string {
  if (value === undefined) return 'undefined';
  if (value.unserializableValue !== undefined) return value.unserializableValue;
  switch (value.type) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
    case 'bigint':
      return value.description ?? value.type;
    case 'function':
      return `[Function ${value.description?.match(/^(?:async\s+)?function\s*\*?\s*([\w$]*)/)?.[1] || 'anonymous'}]`;
    default:
      break;
  }
  if (value.subtype === 'null') return 'null';
  const preview = value.preview;
  if (preview === undefined || value.subtype === 'date' || value.subtype === 'regexp' || value.subtype === 'error')
    return value.description ?? 'Object';
  const more = preview.overflow ? ', …' : '';
  if (value.subtype === 'array') return `[${preview.properties.map(previewValue).join(', ')}${more}]`;
  const body = preview.properties.map((property) => `${property.name}: ${previewValue(property)}`).join(', ');
  const prefix = value.className && value.className !== 'Object' ? `${value.className} ` : '';
  return `${prefix}{${body}${more}}`;
}
