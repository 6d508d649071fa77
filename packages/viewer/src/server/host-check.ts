const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Host header values the server answers to. A page on another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own name as `Host`, so refusing unknown names keeps it from reading
 * traces. A server bound to every interface (`0.0.0.0`) accepts any name.
 */
export function allowedHosts(host: string, port: number): Set<string> | undefined {
  if (ANY_ADDRESS.has(host)) return undefined;
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return new Set([...LOOPBACK_NAMES, name.toLowerCase()].map((item) => `${item}:${port}`));
}

/** Whether a request's `Host` header is one the server answers to. */
export function isAllowedHost(header: string | undefined, allowed: Set<string> | undefined): boolean {
  if (allowed === undefined) return true;
  return header !== undefined && allowed.has(header.toLowerCase());
}
