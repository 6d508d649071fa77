import { Session, type Debugger, type Runtime } from 'node:inspector';
import { describeValue } from './describe-value';
import { SourceMapLookup } from './source-map';
import type { TraceEntry } from './types';

/** A function of any signature: the tracer only reads its location and source, it never calls it. */
export type TracedFunction = (...args: never[]) => unknown;

/** Pauses this thread (when a debugger session is enabled) with `target` in the local scope. */
function pauseWith(target: TracedFunction): TracedFunction {
  // eslint-disable-next-line no-debugger
  debugger;
  return target;
}

const HIDDEN = new Set(['this', 'exports', 'require', 'module', 'arguments']);

/**
 * Scopes whose variables are recorded. A CommonJS module's top-level constants are `closure`
 * variables of the policy; an ES module's are in its `module` scope, and a classic script's
 * top-level `let`/`const` in the `script` scope.
 */
const TRACED_SCOPES = new Set<string>(['local', 'block', 'closure', 'module', 'script']);

/** Outer scopes: only their non-function variables that the policy's source mentions are recorded. */
const OUTER_SCOPES = new Set<string>(['closure', 'module', 'script']);

const IMPORT_CLAUSE = /(?:^|[;\n}])\s*import\s*(?!\s|type[\s{])([\w$\s{},*]+?)\s*from\s*['"]/g;

/**
 * Local names an ES module's `import` statements bind (`import A, { b as c, d } from`,
 * `import * as ns from`): module-scope bindings that are the module's dependencies, not its state.
 */
export function importedNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const [, clause] of source.matchAll(IMPORT_CLAUSE)) {
    const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
    if (namespace) names.add(namespace[1]);
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) {
      for (const specifier of braces[1].split(',')) {
        const local = specifier
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim();
        if (local) names.add(local);
      }
    }
    const defaultName = /^\s*([\w$]+)\s*(?:,|$)/.exec(clause.replace(/\{[^}]*\}|\*\s*as\s+[\w$]+/g, ''));
    if (defaultName) names.add(defaultName[1]);
  }
  return names;
}

interface FunctionLocation {
  scriptId: string;
  lineNumber: number;
  columnNumber: number;
}

/**
 * Steps through one function with the V8 inspector of this thread and records each line it
 * executes. Works on the code as it runs (closures, imports), mapped back through source maps.
 */
export class LineTracer {
  readonly trace: TraceEntry[] = [];
  private readonly session = new Session();
  private readonly scripts = new Map<string, string>();
  private location: FunctionLocation | undefined;
  private functionText = '';
  private imports = new Set<string>();
  private scriptLines: string[] = [];
  private sourceMap: SourceMapLookup | undefined;
  private breakpointId: string | undefined;
  private lastKey = '';
  private capturing = false;

  /** Starts tracing `target`; returns false when it has no JavaScript source (native or bound to one). */
  start(target: TracedFunction): boolean {
    this.session.connect();
    this.session.on('Debugger.scriptParsed', (message) =>
      this.scripts.set(message.params.scriptId, message.params.url),
    );
    this.session.on('Debugger.paused', (message) => this.onPaused(message.params));
    this.post('Debugger.enable');
    this.capturing = true;
    try {
      pauseWith(target);
    } finally {
      this.capturing = false;
    }
    const location = this.location;
    if (location === undefined) return false;
    const source = this.post<Debugger.GetScriptSourceReturnType>('Debugger.getScriptSource', {
      scriptId: location.scriptId,
    }).scriptSource;
    this.scriptLines = source.split(/\r?\n/);
    this.imports = importedNames(source);
    this.sourceMap = SourceMapLookup.forScript(source, this.scripts.get(location.scriptId) ?? '');
    this.breakpointId = this.post<Debugger.SetBreakpointReturnType>('Debugger.setBreakpoint', {
      location,
    }).breakpointId;
    return true;
  }

  /** Stops tracing and releases the inspector session. */
  stop(): void {
    try {
      if (this.breakpointId !== undefined) this.post('Debugger.removeBreakpoint', { breakpointId: this.breakpointId });
      this.post('Debugger.disable');
    } finally {
      this.session.disconnect();
    }
  }

  private post<T = unknown>(method: string, params?: object): T {
    // The session answers synchronously, from inside post(); the assertion keeps TypeScript from
    // narrowing `failure` to the initial null, as it cannot see the callback's assignment.
    let failure = null as Error | null;
    let response: T | undefined;
    this.session.post(method, params ?? {}, (error: Error | null, result?: unknown) => {
      failure = error;
      response = result as T;
    });
    if (failure !== null) throw failure;
    return response as T;
  }

  /** Reads the location and source text of the function held by the pausing helper frame. */
  private capture(frame: Debugger.CallFrame | undefined): void {
    const scope = frame?.scopeChain.find((candidate) => candidate.type === 'local');
    if (scope?.object.objectId === undefined) return;
    const { result } = this.post<Runtime.GetPropertiesReturnType>('Runtime.getProperties', {
      objectId: scope.object.objectId,
      ownProperties: true,
    });
    const targetId = result.find((property) => property.name === 'target')?.value?.objectId;
    const resolved = targetId === undefined ? undefined : this.resolveTarget(targetId);
    if (resolved === undefined) return;
    this.functionText = this.post<Runtime.CallFunctionOnReturnType>('Runtime.callFunctionOn', {
      objectId: resolved.objectId,
      functionDeclaration: 'function () { return Function.prototype.toString.call(this); }',
      returnByValue: true,
    }).result.value as string;
    this.location = resolved.location;
  }

  private resolveTarget(objectId: string): { objectId: string; location: FunctionLocation } | undefined {
    const { internalProperties = [] } = this.post<Runtime.GetPropertiesReturnType>('Runtime.getProperties', {
      objectId,
      ownProperties: true,
    });
    const bound = internalProperties.find((property) => property.name === '[[TargetFunction]]')?.value?.objectId;
    if (bound !== undefined) return this.resolveTarget(bound);
    const location = internalProperties.find((property) => property.name === '[[FunctionLocation]]')?.value?.value as
      FunctionLocation | undefined;
    return location === undefined ? undefined : { objectId, location };
  }

  private onPaused(params: Debugger.PausedEventDataType): void {
    const frame = params.callFrames[0];
    if (this.capturing) {
      try {
        this.capture(frame);
      } finally {
        this.post('Debugger.resume');
      }
      return;
    }
    if (this.location === undefined) {
      this.post('Debugger.resume');
      return;
    }
    const location = this.location;
    const own =
      frame?.functionLocation?.scriptId === location.scriptId &&
      frame.functionLocation.lineNumber === location.lineNumber &&
      frame.functionLocation.columnNumber === location.columnNumber;
    try {
      if (own) this.record(frame);
    } finally {
      this.post(own ? 'Debugger.stepOver' : 'Debugger.resume');
    }
  }

  private record(frame: Debugger.CallFrame): void {
    // A pause at the function's return point repeats the line that returned; skip it.
    if (frame.returnValue !== undefined) return;
    const generatedLine = frame.location.lineNumber;
    const mapped = this.sourceMap?.originalPosition(generatedLine, frame.location.columnNumber ?? 0);
    const line = (mapped?.line ?? generatedLine) + 1;
    const file = mapped?.source ?? '';
    const key = `${file}:${line}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const text = (mapped?.text ?? this.scriptLines[generatedLine] ?? '').trim();
    this.trace.push(
      Object.freeze({
        line,
        text,
        locals: Object.freeze(this.locals(frame)),
        ...(mapped === undefined ? {} : { file }),
      }),
    );
  }

  private locals(frame: Debugger.CallFrame): Record<string, string> {
    const locals: Record<string, string> = {};
    for (const scope of frame.scopeChain) {
      if (!TRACED_SCOPES.has(scope.type)) continue;
      const { result } = this.post<Runtime.GetPropertiesReturnType>('Runtime.getProperties', {
        objectId: scope.object.objectId,
        ownProperties: true,
        generatePreview: true,
      });
      for (const property of result) {
        const name = property.name;
        if (name in locals || HIDDEN.has(name) || name.startsWith('__')) continue;
        if (OUTER_SCOPES.has(scope.type) && (property.value?.type === 'function' || !this.mentions(name))) continue;
        if (scope.type === 'module' && this.imports.has(name)) continue;
        locals[name] = describeValue(property.value);
      }
    }
    return locals;
  }

  private mentions(name: string): boolean {
    return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(this.functionText);
  }
}
