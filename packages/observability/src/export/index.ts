export type { SpanExporter } from './span-exporter';
