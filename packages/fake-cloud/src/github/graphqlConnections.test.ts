import {
  connection,
  encodeCursor,
  GithubGraphqlError,
} from './graphqlConnections';

const letters = ['a', 'b', 'c', 'd', 'e'];

describe('connection', () => {
  it('pages forward with first/after until hasNextPage is false', () => {
    const first = connection('items', letters, { first: 2 });
    expect(first.nodes).toEqual(['a', 'b']);
    expect(first.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor(0),
      endCursor: encodeCursor(1),
    });
    expect(first.totalCount).toBe(5);

    const last = connection('items', letters, {
      first: 2,
      after: encodeCursor(3),
    });
    expect(last.nodes).toEqual(['e']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.pageInfo.hasPreviousPage).toBe(true);
  });

  it('pages backward with last/before', () => {
    const page = connection('items', letters, {
      last: 2,
      before: encodeCursor(4),
    });
    expect(page.nodes).toEqual(['c', 'd']);
    expect(page.pageInfo.hasPreviousPage).toBe(true);
  });

  it('answers an empty list with null cursors', () => {
    const page = connection('items', [], { first: 10 });
    expect(page).toEqual({
      edges: [],
      nodes: [],
      pageInfo: {
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      },
      totalCount: 0,
    });
  });

  it('maps nodes and adds edge fields', () => {
    const page = connection(
      'items',
      letters,
      { first: 1 },
      {
        node: l => ({ name: l }),
        edge: l => ({ role: l === 'a' ? 'ADMIN' : 'MEMBER' }),
      },
    );
    expect(page.edges).toEqual([
      { cursor: encodeCursor(0), node: { name: 'a' }, role: 'ADMIN' },
    ]);
  });

  it('refuses what GitHub refuses', () => {
    const error = (args: object) => {
      try {
        connection('items', letters, args);
      } catch (e) {
        return e as GithubGraphqlError;
      }
      throw new Error('expected an error');
    };
    expect(error({}).type).toBe('MISSING_PAGINATION_BOUNDARIES');
    expect(error({ first: 101 }).type).toBe('EXCESSIVE_PAGINATION');
    expect(error({ last: -1 }).type).toBe('INVALID_PAGINATION_ARGUMENTS');
    expect(error({ first: 1, after: 'nope' }).type).toBe(
      'INVALID_CURSOR_ARGUMENTS',
    );
  });
});
