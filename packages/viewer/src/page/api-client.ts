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

/** GETs `path` from the viewer's API and parses the JSON answer; error answers become ApiRequestError. */
export async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiRequestError(
      'The viewer server is not reachable. Is `clearstone ui` still running?',
      'UNREACHABLE',
      0,
    );
  }
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
