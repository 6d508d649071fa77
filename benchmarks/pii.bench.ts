/**
 * Throughput of `detectPii` scanning every PII type it knows (13: contact, financial, network and
 * secret types) over chat-like messages mixing prose, URLs, PII and look-alike identifiers, against
 * LangChain v1's own PII detectors (`detectEmail`, `detectCreditCard`, `detectIP`,
 * `detectMacAddress`, `detectUrl` from `langchain`, the ones `piiMiddleware` runs) over the same
 * messages. Each round runs both over the messages in blocks of 20, alternating which goes first,
 * so that both see the same machine load. The headline ratio compares the sums of each block's best
 * time over the rounds (a block that another process preempted in one round counts its clean
 * time); the per-round ratios are printed too.
 *
 * Run: node --import tsx benchmarks/pii.bench.ts [messages]
 * (loads @clearstone/policy from its build: build packages/core and packages/policy first)
 */
import { detectPii } from '@clearstone/policy/builtins';
import { detectCreditCard, detectEmail, detectIP, detectMacAddress, detectUrl } from 'langchain';
import { generateMixedMessages } from './support/pii-corpus';

const MESSAGES = Number(process.argv[2] ?? 4000);
const ROUNDS = 15;
const SEED = 4242;

const messages = generateMixedMessages(SEED, MESSAGES);
const bytes = messages.reduce((total, message) => total + message.length, 0);

const BLOCK = 20;

function clearstone(from: number, to: number): number {
  let found = 0;
  for (let index = from; index < to; index++) found += detectPii(messages[index]).length;
  return found;
}

function langchain(from: number, to: number): number {
  let found = 0;
  for (let index = from; index < to; index++) {
    const message = messages[index];
    found += detectEmail(message).length;
    found += detectCreditCard(message).length;
    found += detectIP(message).length;
    found += detectMacAddress(message).length;
    found += detectUrl(message).length;
  }
  return found;
}

const blocks = Math.ceil(messages.length / BLOCK);
/** Per block, the best time (ms) of each side over the rounds: preemption by other processes drops out. */
const bestOurs = new Array<number>(blocks).fill(Infinity);
const bestTheirs = new Array<number>(blocks).fill(Infinity);

/**
 * One round: both detectors over every message, block by block of `BLOCK` messages, the order
 * within each block alternating, so that a change of machine load hits both alike.
 */
function round(): { ours: number; theirs: number; foundOurs: number; foundTheirs: number } {
  const total = { ours: 0, theirs: 0, foundOurs: 0, foundTheirs: 0 };
  for (let block = 0; block < blocks; block++) {
    const from = block * BLOCK;
    const to = Math.min(from + BLOCK, messages.length);
    for (const side of block % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours']) {
      const started = process.hrtime.bigint();
      const found = side === 'ours' ? clearstone(from, to) : langchain(from, to);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (side === 'ours') {
        total.ours += ms;
        total.foundOurs += found;
        bestOurs[block] = Math.min(bestOurs[block], ms);
      } else {
        total.theirs += ms;
        total.foundTheirs += found;
        bestTheirs[block] = Math.min(bestTheirs[block], ms);
      }
    }
  }
  return total;
}

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[values.length >> 1];
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const megabytesPerSecond = (ms: number): string => ((bytes / 1048576) * (1000 / ms)).toFixed(1);

// Warm-up: both paths compiled and optimised before the first measured round.
for (let warm = 0; warm < 3; warm++) round();
bestOurs.fill(Infinity);
bestTheirs.fill(Infinity);

const ratios: number[] = [];
let foundOurs = 0;
let foundTheirs = 0;
for (let index = 0; index < ROUNDS; index++) {
  const measured = round();
  ratios.push(measured.theirs / measured.ours);
  foundOurs = measured.foundOurs;
  foundTheirs = measured.foundTheirs;
}
const ours = sum(bestOurs);
const theirs = sum(bestTheirs);

console.log(
  `${MESSAGES} messages, ${(bytes / 1024).toFixed(0)} KiB of mixed text, ${ROUNDS} rounds interleaved by blocks of ${BLOCK} messages\n`,
);
console.log('| Detector | ms / pass (best per block) | MB/s | findings |');
console.log('|---|---:|---:|---:|');
console.log(
  `| LangChain v1 detectors (email, credit card, IP, MAC, URL) | ${theirs.toFixed(1)} | ${megabytesPerSecond(theirs)} | ${foundTheirs} |`,
);
console.log(`| Clearstone detectPii, all 13 types | ${ours.toFixed(1)} | ${megabytesPerSecond(ours)} | ${foundOurs} |`);
const sorted = [...ratios].sort((left, right) => left - right);
console.log(
  `\nThroughput ratio (Clearstone / LangChain, goal ≥ 1.0×): ${(theirs / ours).toFixed(2)}× on the best time of each block; per round: median ${median(ratios).toFixed(2)}×, range ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}×`,
);
