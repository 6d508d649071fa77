// Writes checkpoints in a loop until it is killed; prints `created <checkpointId>` once
// createCheckpoint has returned (the file is then complete and renamed into place).
import { SpanKind, SpanStatusCode, type Trace } from '@clearstone/core';
import { CheckpointManager } from '@clearstone/debugging';

const [dir] = process.argv.slice(2);
const manager = new CheckpointManager({ dir });
const traceId = '0af7651916cd43dd8448eb211c80319c';
const span = {
  traceId,
  spanId: 'b7ad6b7169203331',
  name: 'agent.run',
  kind: SpanKind.INTERNAL,
  startTimeNs: 1n,
  endTimeNs: 2n,
  durationNs: 1n,
  attributes: {},
  status: SpanStatusCode.OK,
  events: [],
  links: [],
  instrumentationName: 'crash',
};
const trace: Trace = { traceId, rootSpanId: span.spanId, spans: [span] } as unknown as Trace;
process.stdout.write('ready\n');
for (let round = 0; ; round++) {
  // Large enough (~50 KB to 1 MB) that a kill often lands in the middle of writing the file.
  const state = {
    round,
    messages: Array.from({ length: 1000 + (round % 5) * 3000 }, (_, index) => `message ${index} of round ${round}`),
    seen: new Set([round]),
  };
  const checkpoint = manager.createCheckpoint(state, trace, span.spanId);
  process.stdout.write(`created ${checkpoint.metadata.checkpointId}\n`);
}
