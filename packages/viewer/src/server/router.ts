import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler receives: the request, its parsed URL and the path parameters. */
export interface RouteContext<Parameters extends string = string> {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  parameters: Record<Parameters, string>;
}

/** Handles one matched request. */
export type RouteHandler<Parameters extends string = string> = (context: RouteContext<Parameters>) => void;

/** Names of the `:parameters` of a route pattern, e.g. `'id'` for `/api/traces/:id`. */
export type PatternParameters<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PatternParameters<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

interface Route {
  segments: string[];
  handler: RouteHandler;
}

/** A GET router over path patterns with `:name` segments (each matching one non-empty segment). */
export class Router {
  private readonly routes: Route[] = [];

  /** Registers `handler` for GET (and HEAD) requests to `pattern`. */
  get<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PatternParameters<Pattern>>): this {
    this.routes.push({ segments: pattern.split('/').filter(Boolean), handler: handler });
    return this;
  }

  /** The handler and parameters for `pathname`, or undefined when no route matches. */
  match(pathname: string): { handler: RouteHandler; parameters: Record<string, string> } | undefined {
    const parts = pathname.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const parameters: Record<string, string> = {};
      const matched = route.segments.every((segment, index) => {
        if (segment.startsWith(':')) {
          parameters[segment.slice(1)] = parts[index]!;
          return true;
        }
        return segment === parts[index];
      });
      if (matched) return { handler: route.handler, parameters };
    }
    return undefined;
  }
}
