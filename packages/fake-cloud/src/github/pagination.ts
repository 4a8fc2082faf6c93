/** GitHub's default page size for list endpoints. */
export const DEFAULT_PER_PAGE = 30;

export type Page<T> = {
  items: T[];
  /** The `Link` header, when there is another page to point at. */
  link?: string;
};

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Slices `items` by the `page`/`per_page` query parameters and builds the
 * `Link` header GitHub sends: prev and first when past page one, next and
 * last when more pages follow. Links keep every other query parameter.
 */
export function paginate<T>(
  items: T[],
  query: Record<string, string>,
  options: { url: string; pageSizeLimit: number },
): Page<T> {
  const perPage = Math.min(
    positiveInt(query.per_page) ?? DEFAULT_PER_PAGE,
    options.pageSizeLimit,
  );
  const page = positiveInt(query.page) ?? 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));

  const pageUrl = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    return `<${options.url}?${params}>`;
  };
  const links: string[] = [];
  if (page > 1)
    links.push(`${pageUrl(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) {
    links.push(
      `${pageUrl(page + 1)}; rel="next"`,
      `${pageUrl(lastPage)}; rel="last"`,
    );
  }
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);

  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: links.length ? links.join(', ') : undefined,
  };
}
