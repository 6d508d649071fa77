import { ProgressBar, withProgress } from './progress-bar';

function terminal(isTTY: boolean) {
  const stream = { isTTY, text: '', write: (chunk: string) => (stream.text += chunk) };
  return stream;
}

describe('ProgressBar', () => {
  it('appears on a terminal once the run is long, redraws throttled, and erases itself at the end', () => {
    const stream = terminal(true);
    let now = 0;
    const bar = new ProgressBar(stream, 5, 'traces', () => now);
    // Elapsed time at each item: 100 ms (too early to show), then 600, 610 (throttled), 800, 900.
    const times = [100, 600, 610, 800, 900];
    const seen = [
      ...withProgress(['a', 'b', 'c', 'd', 'e'], {
        update: (done: number) => {
          now = times[done - 1];
          bar.update(done);
        },
        finish: () => bar.finish(),
      } as unknown as ProgressBar),
    ];
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    const frames = stream.text.split('\r').filter((frame) => frame !== '');
    expect(frames).toEqual([
      `[${'#'.repeat(12)}${'-'.repeat(18)}] 2/5 traces`,
      `[${'#'.repeat(24)}${'-'.repeat(6)}] 4/5 traces`,
      `[${'#'.repeat(30)}] 5/5 traces`,
      '\u001b[2K',
    ]);
  });

  it('never appears for a short run', () => {
    const stream = terminal(true);
    const bar = new ProgressBar(stream, 3, 'traces', () => 0);
    expect([...withProgress([1, 2, 3], bar)]).toEqual([1, 2, 3]);
    expect(stream.text).toBe('');
  });

  it('writes nothing when the stream is not a terminal', () => {
    const stream = terminal(false);
    const bar = new ProgressBar(stream, 10, 'traces');
    expect([...withProgress([1, 2, 3], bar)]).toEqual([1, 2, 3]);
    expect(stream.text).toBe('');
  });
});
