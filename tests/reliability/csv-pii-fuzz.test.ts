// Hostile text in audit CSV exports and in the PII detector.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { BLOCK, createContext } from '@clearstone/core';
import { AUDIT_CSV_COLUMNS, AuditTrail } from '@clearstone/policy';
import { PII_TYPES, detectPii } from '@clearstone/policy/builtins';
import { suiteSeed } from './support/seeded-random';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(8008);
jest.setTimeout(testTimeout(120_000));
const temp = makeTempDir('csv-pii');
afterAll(() => temp.remove());

/** An RFC 4180 parser (quoted fields, doubled quotes, CRLF records), written independently of the exporter. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      index += 1;
    } else if (char === '"' && cell === '') {
      quoted = true;
      index += 1;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
      index += 1;
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 2;
    } else {
      if (char === '"' || char === '\r' || char === '\n')
        throw new Error(`RFC 4180 violation at ${index}: bare ${JSON.stringify(char)} in an unquoted field`);
      cell += char;
      index += 1;
    }
  }
  if (quoted || cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF after a complete record');
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1 }),
  fc.constantFrom(
    '=1+1',
    '+SUM(A1)',
    '-2+3',
    '@cmd',
    '\t=x',
    '\r=x',
    '=HYPERLINK("http://evil","x")',
    '"=1"',
    ',=1',
    'a\r\nb',
    '"',
    '""',
    '\uD800',
    ' =1',
    "'=1",
  ),
  fc
    .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '"', ',', '\n'), fc.string({ unit: 'binary' }))
    .map(([head, tail]) => head + tail),
);

describe('audit CSV export of hostile text', () => {
  it(`round-trips through an RFC 4180 parser, formulas neutralised (${RUNS} entries)`, () => {
    const auditTrail = new AuditTrail({ maxEntries: RUNS });
    const expected: Array<Record<string, string>> = [];
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, hostileText, (reason, userId, agentId, sessionId) => {
        const ctx = createContext({ userId, agentId, sessionId });
        auditTrail.recordDecision('policy', ctx, BLOCK(reason.trim() === '' ? `x${reason}` : reason));
        expected.push({ reason: reason.trim() === '' ? `x${reason}` : reason, userId, agentId, sessionId });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const file = path.join(temp.path, 'audit.csv');
    auditTrail.toCSV(file);
    const rows = parseCsv(readFileSync(file, 'utf8'));
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(RUNS + 1);
    const entries = auditTrail.entries();
    const problems: string[] = [];
    rows.slice(1).forEach((row, index) => {
      if (row.length !== AUDIT_CSV_COLUMNS.length) problems.push(`row ${index} has ${row.length} cells`);
      for (const cell of row)
        if (FORMULA_START.test(cell))
          problems.push(`row ${index}: cell ${JSON.stringify(cell)} would run as a formula`);
      AUDIT_CSV_COLUMNS.forEach((column, columnIndex) => {
        // The file is UTF-8: a lone surrogate is written as U+FFFD.
        const original = Buffer.from(String(entries[index][column] ?? ''), 'utf8').toString('utf8');
        const written = FORMULA_START.test(original) ? `'${original}` : original;
        if (row[columnIndex] !== written)
          problems.push(`row ${index} ${column}: ${JSON.stringify(row[columnIndex])} != ${JSON.stringify(written)}`);
      });
      const wanted = expected[index];
      for (const key of ['reason', 'userId', 'agentId', 'sessionId'] as const) {
        if (entries[index][key] !== wanted[key]) problems.push(`entry ${index} ${key} changed before export`);
      }
    });
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('detectPii on hostile input', () => {
  const piiFragment = fc.constantFrom(
    'jane.doe@example.com',
    '+14155552671',
    '(415) 555-2671',
    '4111 1111 1111 1111',
    'GB82 WEST 1234 5698 7654 32',
    '123-45-6789',
    '192.168.0.1',
    '2001:db8::1',
    'AKIAIOSFODNN7EXAMPLE',
    'sk-ant-abcdefghij0123456789abcd',
    'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
    '@',
    '.',
    '-',
    ':',
    '(',
    ' ',
  );
  const text = fc
    .array(fc.oneof(piiFragment, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 12 })
    .map((parts) => parts.join(''));

  it(`gives ordered, non-overlapping findings that quote the text (${RUNS} cases)`, () => {
    let findings = 0;
    fc.assert(
      fc.property(text, (input) => {
        const found = detectPii(input);
        let lastEnd = 0;
        for (const finding of found) {
          if (
            finding.start < lastEnd ||
            finding.end <= finding.start ||
            input.slice(finding.start, finding.end) !== finding.value ||
            !PII_TYPES.includes(finding.type)
          ) {
            throw new Error(`bad finding ${JSON.stringify(finding)} in ${JSON.stringify(input)}`);
          }
          lastEnd = finding.end;
        }
        findings += found.length;
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    expect(findings).toBeGreaterThan(0);
  });

  const MEGABYTE = 1024 * 1024;
  const fill = (unit: string) => unit.repeat(Math.ceil(MEGABYTE / unit.length)).slice(0, MEGABYTE);
  const adversarial: Array<[string, string]> = [
    ['one long word', fill('a')],
    ['digits', fill('1')],
    ['digits and spaces', fill('1 ')],
    ['digits and dashes', fill('12-')],
    ['phone-like runs', fill('(415) 555-26')],
    ['email local parts without a domain', fill('a.b_c+d')],
    ['at signs and dots', fill('a@a.')],
    ['labels without a TLD', `x@${fill('a-')}`],
    ['colons', fill(':')],
    ['hex and colons', fill('ab:')],
    ['dotted digits', fill('1.')],
    ['JWT header without segments', `eyJ${fill('A')}`],
    ['JWT-like segments', fill('eyJhbGciOiJIUzI1NiJ9.')],
    ['PEM header without end', `-----BEGIN PRIVATE KEY-----\n${fill('A')}`],
    ['repeated PEM headers', fill('-----BEGIN RSA PRIVATE KEY-----')],
    ['API key prefixes', fill('sk-')],
    ['IBAN-like', fill('GB82 ')],
    ['card-like groups', fill('4111 ')],
  ];
  it.each(adversarial)('finishes on 1 MiB of %s', (_label, input) => {
    const started = process.hrtime.bigint();
    const found = detectPii(input);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(Array.isArray(found)).toBe(true);
    console.log(`detectPii 1 MiB ${_label}: ${elapsedMs.toFixed(0)} ms, ${found.length} findings`);
  });
});
