import { paginate } from './pagination';

const items = Array.from({ length: 12 }, (_, i) => i + 1);
const url = 'http://127.0.0.1:1234/orgs/acme/repos';

describe('paginate', () => {
  it('defaults to 30 per page with no Link header for a single page', () => {
    expect(paginate(items, {}, { url, pageSizeLimit: 100 })).toEqual({
      items,
      link: undefined,
    });
  });

  it('links next and last from the first page, keeping other parameters', () => {
    const page = paginate(
      items,
      { type: 'all', per_page: '5' },
      { url, pageSizeLimit: 100 },
    );
    expect(page.items).toEqual([1, 2, 3, 4, 5]);
    expect(page.link).toBe(
      `<${url}?type=all&per_page=5&page=2>; rel="next", <${url}?type=all&per_page=5&page=3>; rel="last"`,
    );
  });

  it('links prev, next, last and first from a middle page', () => {
    const page = paginate(
      items,
      { per_page: '5', page: '2' },
      { url, pageSizeLimit: 100 },
    );
    expect(page.items).toEqual([6, 7, 8, 9, 10]);
    expect(page.link).toBe(
      [
        `<${url}?per_page=5&page=1>; rel="prev"`,
        `<${url}?per_page=5&page=3>; rel="next"`,
        `<${url}?per_page=5&page=3>; rel="last"`,
        `<${url}?per_page=5&page=1>; rel="first"`,
      ].join(', '),
    );
  });

  it('caps per_page and answers an empty page past the end', () => {
    expect(
      paginate(items, { per_page: '100' }, { url, pageSizeLimit: 4 }).items,
    ).toEqual([1, 2, 3, 4]);
    const beyond = paginate(
      items,
      { per_page: '5', page: '9' },
      { url, pageSizeLimit: 100 },
    );
    expect(beyond.items).toEqual([]);
    expect(beyond.link).toBe(
      `<${url}?per_page=5&page=3>; rel="prev", <${url}?per_page=5&page=1>; rel="first"`,
    );
  });
});
