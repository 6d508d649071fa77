import fc from 'fast-check';

/** Damage to a text: truncate, flip a character, insert or delete a slice. */
export const damage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.string({ minLength: 1, maxLength: 4, unit: 'binary' }),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 8, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);
export type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

/** Applies damage at a position inside the text (for v8 envelopes, inside the base64 payload too). */
export function applyDamage(text: string, change: Damage): string {
  const at = text.length === 0 ? 0 : change.at % text.length;
  switch (change.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'replace':
      return text.slice(0, at) + change.text + text.slice(at + change.text.length);
    case 'insert':
      return text.slice(0, at) + change.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
  }
}
