import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MissingDependencyError } from '../errors';

/** The parts of `@opentelemetry/otlp-transformer` the OTLP exporter uses. */
export interface OtlpTransformer {
  ProtobufTraceSerializer: OtlpSerializer;
  JsonTraceSerializer: OtlpSerializer;
}

/** Serializes OTLP export requests from spans shaped like the OpenTelemetry SDK's `ReadableSpan`. */
export interface OtlpSerializer {
  serializeRequest(spans: unknown[]): Uint8Array | undefined;
  deserializeResponse(data: Uint8Array): {
    partialSuccess?: { rejectedSpans?: number | string | { toNumber(): number }; errorMessage?: string };
  };
}

/** The optional peer dependency whose serializers produce the OTLP request bodies. */
export const TRANSFORMER_PACKAGE = '@opentelemetry/otlp-transformer';

let loaded: OtlpTransformer | undefined;

function localRequire(): NodeJS.Require {
  // __filename exists in the CommonJS build and is provided to the ESM build; when the sources run
  // directly as ES modules, resolve from the working directory.
  return createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
}

/** Requires an optional peer dependency, or throws `MissingDependencyError` naming `feature` and the install command. */
export function requireOptional<T>(packageName: string, feature: string): T {
  try {
    return localRequire()(packageName) as T;
  } catch (error) {
    throw new MissingDependencyError({
      message: `${feature} needs the optional peer dependency ${packageName}, which could not be loaded (${(error as Error).message.split('\n')[0]}). Install it: npm install ${packageName}`,
      packageName,
      cause: error,
    });
  }
}

/**
 * Loads `@opentelemetry/otlp-transformer` (an optional peer dependency, versions 0.200 to 0.2xx)
 * on first use. Throws `MissingDependencyError` (code `MISSING_DEPENDENCY`) when it is not installed.
 */
export function loadTransformer(): OtlpTransformer {
  return (loaded ??= requireOptional<OtlpTransformer>(TRANSFORMER_PACKAGE, 'OtlpHttpExporter'));
}
