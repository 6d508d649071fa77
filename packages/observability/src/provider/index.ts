export { TracerProvider } from './tracer-provider';
export type { TracerProviderOptions } from './provider-options';
export type { PipelineStats } from './span-pipeline';
