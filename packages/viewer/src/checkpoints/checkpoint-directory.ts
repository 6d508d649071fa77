import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CheckpointLink } from './checkpoint-source';

const FORMAT = 'clearstone-checkpoint';
const CHECKPOINT_ID = /^ckpt_[0-9a-f]{32}$/;

function metadataOf(file: string): Record<string, unknown> | undefined {
  try {
    const document = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; metadata?: unknown } | null;
    if (document === null || typeof document !== 'object' || document.format !== FORMAT) return undefined;
    const metadata = document.metadata as Record<string, unknown> | null;
    return metadata !== null && typeof metadata === 'object' ? metadata : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lists the checkpoints of `traceId` in `directory` (files `<traceId>_<checkpointId>.ckpt`) from
 * their metadata, oldest first, without writing anything. Integrity is not checked here
 * (`verified: false`): pass a `CheckpointManager` as the source for verified listings. Files that
 * are unreadable, foreign or malformed are left out; a missing directory lists nothing.
 */
export function listCheckpointDirectory(directory: string, traceId: string): CheckpointLink[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const links: CheckpointLink[] = [];
  for (const name of names) {
    if (!name.startsWith(`${traceId}_`) || !name.endsWith('.ckpt')) continue;
    const file = path.join(directory, name);
    const metadata = metadataOf(file);
    if (
      metadata === undefined ||
      metadata.traceId !== traceId ||
      typeof metadata.checkpointId !== 'string' ||
      !CHECKPOINT_ID.test(metadata.checkpointId)
    )
      continue;
    if (typeof metadata.spanId !== 'string' || typeof metadata.createdAt !== 'string') continue;
    const link: CheckpointLink = {
      checkpointId: metadata.checkpointId,
      traceId,
      spanId: metadata.spanId,
      spanName: typeof metadata.spanName === 'string' ? metadata.spanName : '',
      createdAt: metadata.createdAt,
      path: file,
      verified: false,
    };
    if (typeof metadata.label === 'string') link.label = metadata.label;
    if (typeof metadata.agentClass === 'string') link.agentClass = metadata.agentClass;
    links.push(link);
  }
  return links.sort(
    (left, right) =>
      left.createdAt.localeCompare(right.createdAt) || left.checkpointId.localeCompare(right.checkpointId),
  );
}
