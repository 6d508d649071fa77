import { ReplayError } from '../errors/replay-error';
import { mockLabel, type MockTarget, type Recording, type ReplayCall } from './replay-mock';

/** True for functions declared `async`. */
export function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction';
}

/** @internal Builds the replacement of a mocked method; it appends every call to `log`. */
export function createMockFunction(
  mock: MockTarget,
  original: (...args: unknown[]) => unknown,
  recordings: readonly Recording[],
  log: ReplayCall[],
) {
  const label = mockLabel(mock);
  const asynchronous = mock.async ?? isAsyncFunction(original);
  let next = 0;
  const settle = (produce: () => unknown, call: ReplayCall): unknown => {
    log.push(call);
    let value: unknown;
    try {
      value = produce();
    } catch (error) {
      call.error = (error as Error).message;
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what the recorded call threw, as the synchronous path rethrows it
      if (asynchronous) return Promise.reject(error);
      throw error;
    }
    if (value instanceof Promise) {
      return value.then(
        (resolved) => ((call.output = resolved), resolved),
        (error: unknown) => {
          call.error = (error as Error)?.message ?? String(error);
          throw error;
        },
      );
    }
    call.output = value;
    return asynchronous ? Promise.resolve(value) : value;
  };
  return function replayed(this: unknown, ...args: unknown[]): unknown {
    if (next >= recordings.length) {
      if (mock.whenExhausted === 'passthrough') {
        return settle(() => original.apply(this, args), { label, args, source: 'passthrough' });
      }
      const error = new ReplayError({
        code: 'REPLAY_EXHAUSTED',
        message: `Replay target '${label}' was called ${next + 1} times, but the trace recorded only ${recordings.length} output${recordings.length === 1 ? '' : 's'} for it. The replayed run diverged from the recording, or the matcher selects too few spans.`,
      });
      log.push({ label, args, source: 'recorded', error: error.message });
      if (asynchronous) return Promise.reject(error);
      throw error;
    }
    const recording = recordings[next++];
    return settle(recording.produce, {
      label,
      args,
      source: 'recorded',
      ...(recording.spanName === undefined ? {} : { spanName: recording.spanName }),
    });
  };
}
