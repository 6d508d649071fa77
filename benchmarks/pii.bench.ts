/**
 * Throughput of `detectPii` scanning every PII type it knows (13: contact, financial, network and
 * secret types) over chat-like messages mixing prose, URLs, PII and look-alike identifiers, against
 * LangChain v1's own PII detectors (`detectEmail`, `detectCreditCard`, `detectIP`,
 * `detectMacAddress`, `detectUrl` from `langchain`, the ones `piiMiddleware` runs) over the same
 * messages. Rounds alternate between the two so that both see the same machine load; the ratio is
 * the median of the per-round ratios.
 *
 * Run: node --import tsx benchmarks/pii.bench.ts [messages]
 * (loads @clearstone/policy from its build: build packages/core and packages/policy first)
 */
import { detectPii } from '@clearstone/policy/builtins';
import { detectCreditCard, detectEmail, detectIP, detectMacAddress, detectUrl } from 'langchain';
import { generateMixedMessages } from './support/pii-corpus';

const MESSAGES = Number(process.argv[2] ?? 4000);
const ROUNDS = 9;
const SEED = 4242;

const messages = generateMixedMessages(SEED, MESSAGES);
const bytes = messages.reduce((total, message) => total + message.length, 0);

function clearstone(): number {
  let found = 0;
  for (const message of messages) found += detectPii(message).length;
  return found;
}

function langchain(): number {
  let found = 0;
  for (const message of messages) {
    found += detectEmail(message).length;
    found += detectCreditCard(message).length;
    found += detectIP(message).length;
    found += detectMacAddress(message).length;
    found += detectUrl(message).length;
  }
  return found;
}

function time(run: () => number): { ms: number; found: number } {
  const started = process.hrtime.bigint();
  const found = run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, found };
}

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[values.length >> 1];
const megabytesPerSecond = (ms: number): string => ((bytes / 1048576) * (1000 / ms)).toFixed(1);

// Warm-up: both paths compiled and optimised before the first measured round.
for (let warm = 0; warm < 3; warm++) {
  clearstone();
  langchain();
}

const ours: number[] = [];
const theirs: number[] = [];
const ratios: number[] = [];
let foundOurs = 0;
let foundTheirs = 0;
for (let round = 0; round < ROUNDS; round++) {
  const first = round % 2 === 0;
  const a = first ? time(clearstone) : time(langchain);
  const b = first ? time(langchain) : time(clearstone);
  const [clear, lang] = first ? [a, b] : [b, a];
  ours.push(clear.ms);
  theirs.push(lang.ms);
  ratios.push(lang.ms / clear.ms);
  foundOurs = clear.found;
  foundTheirs = lang.found;
}

console.log(`${MESSAGES} messages, ${(bytes / 1024).toFixed(0)} KiB of mixed text, ${ROUNDS} alternating rounds\n`);
console.log('| Detector | ms / pass (median) | MB/s | findings |');
console.log('|---|---:|---:|---:|');
console.log(
  `| LangChain v1 detectors (email, credit card, IP, MAC, URL) | ${median(theirs).toFixed(1)} | ${megabytesPerSecond(median(theirs))} | ${foundTheirs} |`,
);
console.log(
  `| Clearstone detectPii, all 13 types | ${median(ours).toFixed(1)} | ${megabytesPerSecond(median(ours))} | ${foundOurs} |`,
);
const sorted = [...ratios].sort((left, right) => left - right);
console.log(
  `\nThroughput ratio (Clearstone / LangChain, goal ≥ 1.0×): median ${median(ratios).toFixed(2)}×, range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}×`,
);
