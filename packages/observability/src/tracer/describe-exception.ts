/** OpenTelemetry exception attributes of a thrown value. */
export interface ExceptionDescription {
  type: string;
  message: string;
  stack?: string;
}

/** Type name, message and stack of a thrown value (Error or anything else). */
export function describeException(exception: unknown): ExceptionDescription {
  try {
    return describeReadable(exception);
  } catch {
    // A revoked Proxy, or getters that throw: nothing can be read from it.
    return { type: 'unknown', message: 'an exception whose properties cannot be read' };
  }
}

function describeReadable(exception: unknown): ExceptionDescription {
  if (exception instanceof Error) {
    const constructorName = exception.constructor?.name;
    const type = exception.name !== 'Error' || !constructorName ? exception.name : constructorName;
    return exception.stack === undefined
      ? { type, message: exception.message }
      : { type, message: exception.message, stack: exception.stack };
  }
  if (
    exception !== null &&
    typeof exception === 'object' &&
    typeof (exception as { message?: unknown }).message === 'string'
  ) {
    const { message, name, stack } = exception as { message: string; name?: unknown; stack?: unknown };
    const description: ExceptionDescription = { type: typeof name === 'string' ? name : 'Object', message };
    if (typeof stack === 'string') description.stack = stack;
    return description;
  }
  return { type: exception === null ? 'null' : typeof exception, message: String(exception) };
}
