import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ibanChecksumValid, luhnValid } from './checksums';
import { detectPii } from './detect-pii';
import { redact } from './redact';

interface CorpusEntry {
  text: string;
  expected: { type: string; value: string }[];
}

const corpus = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pii-corpus.json'), 'utf8')) as {
  positives: CorpusEntry[];
  negatives: CorpusEntry[];
};

describe('detectPii on the labelled corpus', () => {
  it('has at least 100 positive and 100 negative strings', () => {
    expect(corpus.positives.length).toBeGreaterThanOrEqual(100);
    expect(corpus.negatives.length).toBeGreaterThanOrEqual(100);
    expect(corpus.negatives.every((entry) => entry.expected.length === 0)).toBe(true);
  });

  it('reaches precision and recall of at least 0.95 (exact type and span)', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const entry of [...corpus.positives, ...corpus.negatives]) {
      const findings = detectPii(entry.text);
      const matched = new Set<number>();
      for (const label of entry.expected) {
        const index = findings.findIndex(
          (finding, position) => !matched.has(position) && finding.type === label.type && finding.value === label.value,
        );
        if (index >= 0) {
          matched.add(index);
          truePositives++;
        } else {
          falseNegatives++;
          mistakes.push(`missed ${label.type} in ${JSON.stringify(entry.text)}`);
        }
      }
      findings.forEach((finding, position) => {
        if (!matched.has(position)) {
          falsePositives++;
          mistakes.push(`false ${finding.type} ${JSON.stringify(finding.value)} in ${JSON.stringify(entry.text)}`);
        }
      });
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    if (precision < 0.95 || recall < 0.95)
      throw new Error(`precision ${precision}, recall ${recall}:\n${mistakes.join('\n')}`);
    expect(truePositives).toBeGreaterThanOrEqual(100);
  });
});

describe('detectPii details', () => {
  it('reports type, span, value and confidence in text order', () => {
    const text = 'Mail jane@example.com, card 4111 1111 1111 1111';
    expect(detectPii(text)).toEqual([
      { type: 'email', start: 5, end: 21, value: 'jane@example.com', confidence: 0.95 },
      { type: 'credit_card', start: 28, end: 47, value: '4111 1111 1111 1111', confidence: 0.95 },
    ]);
  });

  it('rejects card numbers failing Luhn and IBANs failing mod 97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumValid('GB83WEST12345698765432')).toBe(false);
    expect(detectPii('4111 1111 1111 1112 and GB83WEST12345698765432')).toEqual([]);
  });

  it('rejects SSNs with invalid area, group or serial', () => {
    for (const ssn of ['000-12-3456', '666-12-3456', '901-12-3456', '123-00-4567', '123-45-0000'])
      expect(detectPii(ssn)).toEqual([]);
    expect(detectPii('536-22-8149')[0]?.type).toBe('ssn');
  });

  it('separates two phone numbers written side by side', () => {
    expect(detectPii('415-555-2671 415-555-1234').map((finding) => finding.value)).toEqual([
      '415-555-2671',
      '415-555-1234',
    ]);
  });

  it('covers a truncated private key block from its header', () => {
    const [finding] = detectPii('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n');
    expect(finding).toMatchObject({ type: 'private_key', start: 0 });
    expect(finding.value.endsWith('ASC')).toBe(true);
  });

  it('filters by type, group and confidence and rejects unknown types', () => {
    const text = 'jane@example.com 10.0.0.1 AKIAIOSFODNN7EXAMPLE';
    expect(detectPii(text, { types: ['secret'] }).map((finding) => finding.type)).toEqual(['aws_access_key']);
    expect(detectPii(text, { types: ['ip_address', 'email'] }).map((finding) => finding.type)).toEqual([
      'email',
      'ipv4',
    ]);
    expect(detectPii(text, { minConfidence: 0.9 }).map((finding) => finding.type)).toEqual(['email', 'aws_access_key']);
    expect(() => detectPii(text, { types: ['passport'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => detectPii(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('finishes on 1 MB adversarial inputs', () => {
    const megabyte = 1 << 20;
    const fill = (unit: string): string => unit.repeat(Math.ceil(megabyte / unit.length)).slice(0, megabyte);
    // One input per detector family, each built to maximise candidate matches.
    const units = ['415 ', '4111 ', 'a@b.', 'eyJaaaaa.', '-----BEGIN RSA PRIVATE KEY-----', 'ffff:', 'DE89 ', 'sk-a1'];
    for (const unit of units) expect(Array.isArray(detectPii(fill(unit)))).toBe(true);
    const findings = detectPii(fill('jane@example.com 4111 1111 1111 1111 +1 415 555 2671 '));
    expect(new Set(findings.map((finding) => finding.type))).toEqual(new Set(['email', 'credit_card', 'phone']));
  });
});

describe('redact', () => {
  const text = 'Reach jane@example.com or +1 415 555 2671';
  const findings = detectPii(text);

  it('replaces findings by type label, mask or salted hash', () => {
    expect(redact(text, findings)).toBe('Reach [EMAIL] or [PHONE]');
    expect(redact(text, findings, { style: 'mask' })).toBe('Reach ****@*******.*** or +* *** *** ****');
    const hashed = redact(text, findings, { style: 'hash', hashSalt: 's3cret' });
    expect(hashed).toMatch(/^Reach \[EMAIL:[0-9a-f]{8}\] or \[PHONE:[0-9a-f]{8}\]$/);
    expect(redact(text, findings, { style: 'hash', hashSalt: 's3cret' })).toBe(hashed);
    expect(redact(text, findings, { style: 'hash', hashSalt: 'other' })).not.toBe(hashed);
  });

  it('ignores overlapping or out-of-range findings and validates its options', () => {
    const bogus = [...findings, { ...findings[0], start: 8, end: 12 }, { ...findings[0], start: 40, end: 400 }];
    expect(redact(text, bogus)).toBe('Reach [EMAIL] or [PHONE]');
    expect(() => redact(text, findings, { style: 'blur' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
