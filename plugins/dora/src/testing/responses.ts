/** A CSV download as the backend answers it: the file, named in Content-Disposition. */
export function csvResponse(
  body: string,
  contentDisposition?: string,
): Response {
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    ...(contentDisposition && { 'content-disposition': contentDisposition }),
  };
  return {
    ok: true,
    status: 200,
    statusText: 'OK',
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    blob: async () => new Blob([body], { type: headers['content-type'] }),
    text: async () => body,
  } as unknown as Response;
}
