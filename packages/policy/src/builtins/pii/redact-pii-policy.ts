import { ALLOW, REDACT, type PolicyContext } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { readNameListMap, readToolName } from '../internal/metadata-readers';
import {
  checkBoolean,
  checkNameListMap,
  checkOptionsObject,
  checkStringList,
  type NameListMap,
} from '../internal/option-checks';
import { collectStrings } from './collect-strings';
import { detectPii } from './detect-pii';
import { PII_TYPES, resolvePiiTypes } from './pii-types';
import type { PiiType } from './types';

/** Options of {@link redactPiiPolicy}. */
export interface RedactPiiPolicyOptions {
  /** Tool → fields to redact from its input and output; metadata `piiFields` overrides it. */
  piiFields?: Record<string, string[]>;
  /** Tool (or `'*'` for every tool) → PII types to redact always, e.g. from tool results; metadata `piiEntities` overrides it. */
  piiEntities?: Record<string, string[]>;
  /** Scan the call's data for PII and ask to redact what is found (default true). */
  detect?: boolean;
  /** Metadata keys whose values are scanned (default `['toolInput', 'toolOutput', 'messages']`). */
  scanKeys?: string[];
  /** PII types or groups to look for when scanning (default all). */
  detectTypes?: string[];
}

const NONE: readonly string[] = Object.freeze([]);

const TYPE_PLACEHOLDER = /\[([A-Z][A-Z0-9_]*)\]/g;

/** The PII types whose `'type'`-style placeholders (`[EMAIL]`, `[CREDIT_CARD]`) appear in `text`. */
function maskedTypes(text: string): PiiType[] {
  const found: PiiType[] = [];
  for (const match of text.matchAll(TYPE_PLACEHOLDER)) {
    const type = match[1].toLowerCase();
    if ((PII_TYPES as readonly string[]).includes(type)) found.push(type as PiiType);
  }
  return found;
}

function entitiesFor(map: NameListMap, tool: string): readonly string[] {
  const forTool = Object.hasOwn(map, tool);
  const forAll = Object.hasOwn(map, '*');
  if (!forTool && !forAll) return NONE;
  return [...(forTool ? map[tool] : NONE), ...(forAll ? map['*'] : NONE)];
}

/**
 * `redact_pii` (priority 85): returns REDACT so the integration rewrites the call's data before it
 * reaches the tool or model. Fields configured for the tool give
 * `PII redaction for tool '{tool}'` with those `fields`; PII found by {@link detectPii} in the
 * scanned metadata (tool input/output, messages) gives `PII detected for tool '{tool}': email, phone`
 * with those `entities`. An empty field list simply redacts nothing. Nothing to redact → ALLOW.
 *
 * @example
 * ```ts
 * const policy = redactPiiPolicy({ piiFields: { lookup_customer: ['ssn', 'dateOfBirth'] }, piiEntities: { '*': ['secret'] } });
 * ```
 */
export function redactPiiPolicy(options?: RedactPiiPolicyOptions): RegisteredPolicy {
  const name = 'redact_pii';
  const checked = checkOptionsObject(name, options);
  const piiFields = checkNameListMap(name, 'piiFields', checked.piiFields) ?? {};
  const piiEntities = checkNameListMap(name, 'piiEntities', checked.piiEntities) ?? {};
  Object.values(piiEntities).forEach((list) => resolvePiiTypes(list, 'piiEntities'));
  const detect = checkBoolean(name, 'detect', checked.detect) ?? true;
  const scanKeys = checkStringList(name, 'scanKeys', checked.scanKeys) ?? ['toolInput', 'toolOutput', 'messages'];
  const detectTypes = checkStringList(name, 'detectTypes', checked.detectTypes);
  resolvePiiTypes(detectTypes, 'detectTypes');

  const detectOptions = { types: detectTypes };
  const wanted = resolvePiiTypes(detectTypes, 'detectTypes');
  const detected = (ctx: PolicyContext): readonly string[] => {
    if (!detect) return NONE;
    let types: Set<string> | undefined;
    for (const key of scanKeys) {
      const value = ctx.metadata[key];
      if (value === undefined || value === null) continue;
      for (const text of collectStrings(value)) {
        for (const finding of detectPii(text, detectOptions)) (types ??= new Set()).add(finding.type);
        // A value masked when it was recorded (`[CREDIT_CARD]`) still held that PII: a backtest over a
        // redacted recording decides as the live engine did on the original.
        if (text.includes('[')) {
          for (const type of maskedTypes(text)) if (wanted.has(type)) (types ??= new Set()).add(type);
        }
      }
    }
    return types === undefined ? NONE : [...types];
  };

  return defineBuiltinPolicy(
    { name, priority: 85, description: 'Redacts PII fields and detected PII from tool and model data.' },
    (ctx) => {
      const tool = readToolName(ctx);
      const fieldMap = readNameListMap(ctx, 'piiFields') ?? piiFields;
      const entityMap = readNameListMap(ctx, 'piiEntities') ?? piiEntities;
      const fields = Object.hasOwn(fieldMap, tool) ? fieldMap[tool].filter((field) => field !== '') : NONE;
      const configured = entitiesFor(entityMap, tool);
      if (configured.length > 0) resolvePiiTypes(configured, 'metadata.piiEntities');
      const found = detected(ctx);
      const entities = configured.length === 0 ? found : [...new Set([...configured, ...found])];
      if (fields.length === 0 && entities.length === 0) return ALLOW;
      const reason =
        fields.length > 0 || found.length === 0
          ? `PII redaction for tool '${tool}'`
          : `PII detected${tool === '' ? '' : ` for tool '${tool}'`}: ${found.join(', ')}`;
      return REDACT({
        reason,
        ...(fields.length > 0 ? { fields: [...fields] } : {}),
        ...(entities.length > 0 ? { entities: [...entities] } : {}),
      });
    },
  );
}
