import type { Checkpoint } from '../checkpoint/checkpoint-types';

/** The lines printed when a debugging session starts. */
export function debuggingBanner(
  checkpoint: Checkpoint,
  method: string,
  recordingCounts: Record<string, number>,
  inspectorAttached: boolean,
): string[] {
  const { metadata } = checkpoint;
  const lines = [
    '='.repeat(64),
    'Clearstone time-travel debugging session',
    '='.repeat(64),
    `Checkpoint : ${metadata.checkpointId}${metadata.label === undefined ? '' : ` (${metadata.label})`}`,
    `Trace      : ${metadata.traceId}`,
    `Span       : ${metadata.spanName} (${metadata.spanId})`,
    `Agent      : ${metadata.agentClass} (state from ${metadata.stateSource === 'getState' ? 'getState()' : 'its fields'})`,
    `Created    : ${metadata.createdAt} with SDK ${metadata.sdkVersion} on Node ${metadata.nodeVersion}`,
    `Replaying  : agent.${method}(…)`,
  ];
  const entries = Object.entries(recordingCounts);
  if (entries.length > 0) {
    lines.push('Recorded outputs per mocked target:');
    for (const [label, count] of entries) lines.push(`  ${label}: ${count}`);
    for (const [label, count] of entries)
      if (count === 0)
        lines.push(`  warning: no recorded outputs for '${label}'; its first call will fail with REPLAY_EXHAUSTED.`);
  }
  if (inspectorAttached) {
    lines.push(
      'Debugger attached: pausing before the call. `agent` and `checkpoint` are in scope; step into the call to follow the agent.',
    );
  } else {
    lines.push('No debugger attached, so the replay runs without stopping. To pause at the checkpoint, run with');
    lines.push('  node --inspect-brk your-script.js   (or: node --inspect-brk --import tsx your-script.ts)');
    lines.push("and attach Chrome DevTools (chrome://inspect) or your editor's debugger.");
  }
  lines.push('='.repeat(64));
  return lines;
}
