export { formatTraceTree } from './format-trace-tree';
export type { FormatTraceTreeOptions } from './format-trace-tree';
