/** An error answer of the API, or a failed request. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request(path: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(path, { headers: { Accept: 'application/json', ...headers }, cache: 'no-store' });
  } catch {
    throw new ApiRequestError(
      'The viewer server is not reachable. Is `clearstone ui` still running?',
      'UNREACHABLE',
      0,
    );
  }
}

async function readBody<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code: string; message: string } } | undefined;
  if (!response.ok) {
    throw new ApiRequestError(
      body?.error?.message ?? `Request failed with status ${response.status}.`,
      body?.error?.code ?? 'HTTP_ERROR',
      response.status,
    );
  }
  return body as T;
}

/** GETs `path` from the viewer's API and parses the JSON answer; error answers become ApiRequestError. */
export async function getJson<T>(path: string): Promise<T> {
  return readBody<T>(await request(path, {}));
}

/**
 * A GET that first asks whether anything changed: with the entity tag of the last answer, the
 * server answers `304 Not Modified` (no body) while the data is the same. Resolves to undefined
 * then, else to the new answer and its tag.
 */
export async function getJsonIfChanged<T>(
  path: string,
  etag: string | undefined,
): Promise<{ body: T; etag: string | undefined } | undefined> {
  const response = await request(path, etag === undefined ? {} : { 'If-None-Match': etag });
  if (response.status === 304) return undefined;
  const body = await readBody<T>(response);
  return { body, etag: response.headers.get('ETag') ?? undefined };
}
