/**
 * The trace viewer in headless Chromium on a database of 2,000 traces plus one trace of 10,000
 * spans (a LangGraph-style agent run, see packages/viewer/test/support/large-database.ts):
 *  1. first rows on screen, from navigation (a full page load) to the first waterfall row, for the 10,000-span trace
 *     against a 4-span trace of the same database (the floor: the page's own start-up);
 *  2. elements in the document with the 10,000-span trace open (goal: at most 5,000), against the
 *     4-span trace;
 *  3. span details after a click (click to the panel showing the span), on both traces;
 *  4. the page's JS heap after opening the big trace 1, 5 and 10 times (after a forced GC; goal: flat);
 *  5. bytes of a live refresh of the big trace: the full answer, gzip-compressed, and the
 *     `304 Not Modified` answer to an unchanged poll.
 * Medians of several runs; every figure also as a ratio to its baseline from the same run.
 *
 * Run (after building the viewer, whose page it serves from dist/ui):
 *   node_modules/.bin/tsx benchmarks/viewer.bench.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get } from 'node:http';
import { startViewer } from '../packages/viewer/src/index';
import { launchChromium } from '../packages/viewer/test/support/chromium';
import { writeBigTrace, writeManyTraces } from '../packages/viewer/test/support/large-database';

const quick = process.argv.includes('--quick');
const SPANS = quick ? 2_000 : 10_000;
const RUNS = quick ? 3 : 7;
const here = dirname(fileURLToPath(import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'clearstone-viewer-bench-'));
const dbPath = join(directory, 'traces.db');

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number): string => `${value.toFixed(0)} ms`;

async function main(): Promise<void> {
  writeManyTraces(dbPath, 2000);
  const big = writeBigTrace(dbPath, SPANS);
  const viewer = await startViewer({ dbPath, port: 0, assetsDir: join(here, '../packages/viewer/dist/ui') });
  const small = (await (await fetch(new URL('/api/traces?limit=1&sort=start&order=asc', viewer.url))).json()) as {
    traces: Array<{ traceId: string }>;
  };
  const smallId = small.traces[0].traceId;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    /** Navigation to the first row on screen, in ms. */
    const firstRows = async (traceId: string): Promise<number> => {
      await page.goto('about:blank');
      const started = Date.now();
      await page.goto(`${viewer.url}#/traces/${traceId}`);
      await page.locator('[data-testid="waterfall-row"]').first().waitFor({ state: 'visible' });
      return Date.now() - started;
    };
    /** Click on a row to the panel showing that span, measured in the page, in ms. */
    // Passed as text: the bundler's helpers (keepNames) do not exist in the page.
    const clickScript = `(async () => {
      const rows = [...document.querySelectorAll('.wf-row[data-span-id]')].filter((row) => !row.classList.contains('selected'));
      const row = rows[Math.min(5, rows.length - 1)];
      const name = row.querySelector('.wf-label').textContent;
      const started = performance.now();
      row.click();
      await new Promise((resolve) => {
        const check = () => {
          const title = document.querySelector('[data-testid="span-panel"] h2');
          if (title !== null && title.textContent === name) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      return performance.now() - started;
    })()`;
    const clickToDetails = (): Promise<number> => page.evaluate<number>(clickScript);
    const elements = (): Promise<number> => page.evaluate<number>("document.getElementsByTagName('*').length");

    const bigOpen: number[] = [];
    const smallOpen: number[] = [];
    const bigClick: number[] = [];
    const smallClick: number[] = [];
    let bigElements = 0;
    let smallElements = 0;
    for (let run = 0; run < RUNS; run++) {
      smallOpen.push(await firstRows(smallId));
      smallElements = await elements();
      smallClick.push(await clickToDetails());
      bigOpen.push(await firstRows(big.traceId));
      bigElements = await elements();
      bigClick.push(await clickToDetails());
    }

    const cdp = await page.context().newCDPSession(page);
    const heapAfterGc = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    const heaps: number[] = [];
    for (let open = 1; open <= 10; open++) {
      await firstRows(big.traceId);
      if (open === 1 || open === 5 || open === 10) heaps.push(await heapAfterGc());
    }

    const url = new URL(`/api/traces/${big.traceId}`, viewer.url);
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    const plainBytes = Buffer.byteLength(await plain.text());
    const etag = plain.headers.get('etag') ?? '';
    const zipped = await new Promise<Buffer>((resolve, reject) => {
      const outgoing = get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      });
      outgoing.on('error', reject);
    });
    const unchanged = await fetch(url, { headers: { 'If-None-Match': etag } });
    const unchangedBytes = Buffer.byteLength(await unchanged.text());

    const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
    console.log(
      `Viewer in headless Chromium: a ${SPANS.toLocaleString('en-US')}-span trace in a database of 2,001 traces`,
    );
    console.log(`(median of ${RUNS} runs; baseline: a 4-span trace of the same database, same page)\n`);
    console.log('| measure | 4-span trace (baseline) | big trace | ratio | goal |');
    console.log('|---|---:|---:|---:|---|');
    const bigOpenMs = median(bigOpen);
    const smallOpenMs = median(smallOpen);
    console.log(
      `| first rows on screen | ${ms(smallOpenMs)} | ${ms(bigOpenMs)} | ${(bigOpenMs / smallOpenMs).toFixed(1)}× | ≤ 1000 ms |`,
    );
    console.log(
      `| elements in the document | ${smallElements} | ${bigElements} | ${(bigElements / smallElements).toFixed(1)}× | ≤ 5000 |`,
    );
    const bigClickMs = median(bigClick);
    const smallClickMs = median(smallClick);
    console.log(
      `| click → span details | ${smallClickMs.toFixed(1)} ms | ${bigClickMs.toFixed(1)} ms | ${(bigClickMs / smallClickMs).toFixed(1)}× | ≤ 100 ms |`,
    );
    console.log(
      `\nJS heap after opening the big trace 1, 5, 10 times (forced GC): ${heaps.map(mb).join(', ')} — 10th / 1st = ${(heaps[2] / heaps[0]).toFixed(2)}× (goal: flat)`,
    );
    console.log(
      `Live refresh of the big trace: full answer ${mb(plainBytes)}, gzip ${mb(zipped.length)} (${((zipped.length / plainBytes) * 100).toFixed(1)} %), unchanged poll ${unchangedBytes} bytes of body (status ${unchanged.status})`,
    );
  } finally {
    await browser.close();
    await viewer.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
