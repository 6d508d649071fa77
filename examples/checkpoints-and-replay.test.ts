import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..');

describe('examples/checkpoints-and-replay.ts', () => {
  it('records a run, checkpoints it mid-run, replays it exactly and diffs a forked run', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'checkpoints-and-replay.ts')], {
      cwd: root,
    });
    const lines = stdout.split('\n');
    const recorded = /^Recorded run: (9°C in Paris \(report [0-9a-f]{8}\); pack a coat and an umbrella)$/.exec(
      lines[0],
    );
    expect(recorded).not.toBeNull();
    expect(lines[1]).toMatch(
      /^Trace [0-9a-f]{32}: agent\.run > agent\.step > llm\.invoke > tool\.weather > agent\.step > llm\.invoke > tool\.packing > agent\.step > llm\.invoke$/,
    );
    expect(lines).toContain('Checkpoints: before packing (agent.step), start (agent.run)');
    expect(lines).toContain(`Replayed answer: ${recorded![1]}`);
    expect(lines).toContain('Replay matches original: true');
    expect(lines).toContain('Replayed calls: llm.invoke, tool.packing, llm.invoke');
    expect(lines).toContain('Clearstone time-travel debugging session');
    expect(stdout).toMatch(/Checkpoint : ckpt_[0-9a-f]{32} \(before packing\)/);
    expect(stdout).toContain('node --inspect-brk');
    expect(
      lines.some((line) =>
        /^Forked answer: 48°F in Paris \(report [0-9a-f]{8}\); pack a coat and an umbrella$/.test(line),
      ),
    ).toBe(true);
    expect(lines).toContain('Run diff: 0 span change(s), 4 tool-call change(s), 5 output change(s)');
    expect(lines.some((line) => line.startsWith("  - weather({ city: 'Paris', units: 'celsius' })"))).toBe(true);
    expect(lines.some((line) => line.startsWith("  + weather({ city: 'Paris', units: 'fahrenheit' })"))).toBe(true);
    expect(lines).toContain(`  - "${recorded![1]}"`);
  }, 60_000);
});
