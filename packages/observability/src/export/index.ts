export type { SpanExporter } from './span-exporter';
export { OtlpHttpExporter } from './otlp-http-exporter';
export type { OtlpExporterStats } from './otlp-http-exporter';
export type { OtlpHttpExporterOptions, ResolvedOtlpOptions } from './otlp-exporter-options';
