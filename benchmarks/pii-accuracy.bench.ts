/**
 * Accuracy of `detectPii` on a corpus generated with @faker-js/faker (many locales): recall per PII
 * type (exact type and span) and the false-positive rate per kind of look-alike identifier (any
 * finding overlapping a ZIP code, ISBN, IMEI, routing or account number, version, timestamp or
 * order id), each printed next to its goal.
 *
 * The figures come from the held-out seed; `--tuning` prints the same tables for the tuning seed,
 * the only corpus the detectors were adjusted on. `--mistakes` lists every miss and false positive.
 *
 * Run: node --import tsx benchmarks/pii-accuracy.bench.ts [samples per type] [--tuning] [--mistakes]
 * (loads @clearstone/policy from its build: build packages/core and packages/policy first)
 */
import { detectPii } from '@clearstone/policy/builtins';
import {
  HELD_OUT_SEED,
  LOOKALIKE_KINDS,
  PII_TYPE_NAMES,
  TUNING_SEED,
  generateLookalikeSamples,
  generatePiiSamples,
} from './support/pii-corpus';

const args = process.argv.slice(2);
const perType = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 2000);
const tuning = args.includes('--tuning');
const showMistakes = args.includes('--mistakes');
const seed = tuning ? TUNING_SEED : HELD_OUT_SEED;

const RECALL_GOAL = 0.97;
const FALSE_POSITIVE_GOAL = 0.01;

// Rounded down for recall and up for false positives, so that a goal never looks met when it is not.
const percent = (ratio: number, round = Math.floor): string => `${(round(ratio * 1000) / 10).toFixed(1)} %`;
const mistakes: string[] = [];

console.log(
  `Corpus: ${tuning ? 'tuning' : 'held-out'} seed ${seed}, ${perType} samples per type and per look-alike kind.\n`,
);

const recall = new Map<string, { found: number; total: number }>();
for (const sample of generatePiiSamples(seed, perType)) {
  const found = detectPii(sample.text).some(
    (finding) => finding.type === sample.type && finding.start === sample.start && finding.value === sample.value,
  );
  for (const key of [sample.type, `${sample.type} (${sample.variant})`]) {
    const entry = recall.get(key) ?? { found: 0, total: 0 };
    entry.total++;
    if (found) entry.found++;
    recall.set(key, entry);
  }
  if (!found) {
    const got = detectPii(sample.text).map((finding) => `${finding.type}:${JSON.stringify(finding.value)}`);
    mistakes.push(
      `missed ${sample.type} [${sample.locale}] ${JSON.stringify(sample.text)} → ${got.join(', ') || 'nothing'}`,
    );
  }
}

let recallMet = 0;
console.log('| PII type | recall | goal | met |');
console.log('|---|---:|---:|---|');
for (const type of PII_TYPE_NAMES) {
  const entry = recall.get(type) ?? { found: 0, total: 0 };
  const ratio = entry.found / entry.total;
  if (ratio >= RECALL_GOAL) recallMet++;
  console.log(
    `| ${type} | ${percent(ratio)} (${entry.found}/${entry.total}) | ≥ ${percent(RECALL_GOAL)} | ${ratio >= RECALL_GOAL ? 'yes' : 'NO'} |`,
  );
  for (const [key, variant] of recall) {
    if (key.startsWith(`${type} (`) && variant.total < entry.total)
      console.log(
        `| · ${key.slice(type.length + 1)} | ${percent(variant.found / variant.total)} (${variant.found}/${variant.total}) | | |`,
      );
  }
}

const falsePositives = new Map<string, { flagged: number; total: number }>();
for (const sample of generateLookalikeSamples(seed, perType)) {
  const end = sample.start + sample.value.length;
  const overlapping = detectPii(sample.text).filter((finding) => finding.start < end && finding.end > sample.start);
  const entry = falsePositives.get(sample.kind) ?? { flagged: 0, total: 0 };
  entry.total++;
  if (overlapping.length > 0) {
    entry.flagged++;
    const got = overlapping.map((finding) => `${finding.type}:${JSON.stringify(finding.value)}`);
    mistakes.push(`false positive on ${sample.kind} ${JSON.stringify(sample.text)} → ${got.join(', ')}`);
  }
  falsePositives.set(sample.kind, entry);
}

let falsePositiveMet = 0;
console.log('\n| look-alike | flagged as PII | goal | met |');
console.log('|---|---:|---:|---|');
for (const kind of LOOKALIKE_KINDS) {
  const entry = falsePositives.get(kind) ?? { flagged: 0, total: 0 };
  const ratio = entry.flagged / entry.total;
  if (ratio <= FALSE_POSITIVE_GOAL) falsePositiveMet++;
  console.log(
    `| ${kind} | ${percent(ratio, Math.ceil)} (${entry.flagged}/${entry.total}) | ≤ ${percent(FALSE_POSITIVE_GOAL)} | ${ratio <= FALSE_POSITIVE_GOAL ? 'yes' : 'NO'} |`,
  );
}

console.log(
  `\nGoals met: recall ${recallMet}/${PII_TYPE_NAMES.length} types, false positives ${falsePositiveMet}/${LOOKALIKE_KINDS.length} kinds.`,
);
if (showMistakes) console.log(`\n${mistakes.join('\n')}`);
else if (mistakes.length > 0) console.log(`(${mistakes.length} mistakes; --mistakes lists them)`);
