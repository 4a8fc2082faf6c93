/**
 * A minimal fetch Response, enough for an API client and
 * `ResponseError.fromResponse` (for API client tests).
 */
export function jsonResponse(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Bad Request',
    headers: {
      get: (name: string) =>
        name.toLowerCase() === 'content-type'
          ? 'application/json; charset=utf-8'
          : null,
    },
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

/** The error body Backstage backends answer with (`MiddlewareFactory.error`). */
export function errorBody(
  status: number,
  name: string,
  message: string,
  request = { method: 'GET', url: '/api' },
) {
  return {
    error: { name, message },
    request,
    response: { statusCode: status },
  };
}
