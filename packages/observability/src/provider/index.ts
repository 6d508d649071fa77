export { TracerProvider } from './tracer-provider';
export type { TracerProviderOptions } from './provider-options';
export type { FlushReceipt, PipelineStats } from './span-pipeline';
