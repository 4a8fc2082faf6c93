/** A minimal fetch Response, enough for the client and `ResponseError.fromResponse`. */
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
export function errorBody(status: number, name: string, message: string) {
  return {
    error: { name, message },
    request: {
      method: 'GET',
      url: '/api/feature-flags/entities/default/checkout-service/flags',
    },
    response: { statusCode: status },
  };
}
