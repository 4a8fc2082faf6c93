/**
 * Relay connections the way GitHub's GraphQL API pages them: `first` or
 * `last` is required and at most 100, cursors are opaque, `pageInfo` and
 * `totalCount` describe the whole list.
 */

export const MAX_PAGE_SIZE = 100;

/** An error GitHub reports with a `type` (NOT_FOUND, EXCESSIVE_PAGINATION, ...). */
export class GithubGraphqlError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
    this.name = 'GithubGraphqlError';
  }
}

export type ConnectionArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
};

export type Edge<T> = { cursor: string; node: T };

export type Connection<T, E extends Edge<T> = Edge<T>> = {
  edges: E[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
};

/** GitHub's cursors are base64 of 'cursor:v2:' and a position. */
export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(
    Buffer.from(cursor, 'base64').toString('utf8'),
  );
  if (!match) {
    throw new GithubGraphqlError(
      'INVALID_CURSOR_ARGUMENTS',
      `\`${cursor}\` does not appear to be a valid cursor.`,
    );
  }
  return Number(match[1]);
}

/**
 * One page of `items` for the connection field `field`: `node` maps an item
 * to its GraphQL node, `edge` adds the fields an edge carries besides cursor
 * and node (e.g. a member's role).
 */
export function connection<T, N = T, X extends object = {}>(
  field: string,
  items: T[],
  args: ConnectionArgs,
  options: { node?: (item: T) => N; edge?: (item: T) => X } = {},
): Connection<N, Edge<N> & X> {
  const { first, last } = args;
  if (typeof first !== 'number' && typeof last !== 'number') {
    throw new GithubGraphqlError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (typeof value !== 'number') continue;
    if (value > MAX_PAGE_SIZE) {
      throw new GithubGraphqlError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`,
      );
    }
    if (value < 0) {
      throw new GithubGraphqlError(
        'INVALID_PAGINATION_ARGUMENTS',
        `\`${name}\` on the \`${field}\` connection cannot be less than zero.`,
      );
    }
  }

  let start = args.after ? decodeCursor(args.after) + 1 : 0;
  let end = args.before ? decodeCursor(args.before) : items.length;
  start = Math.min(start, items.length);
  end = Math.max(start, Math.min(end, items.length));
  if (typeof first === 'number') end = Math.min(end, start + first);
  if (typeof last === 'number') start = Math.max(start, end - last);

  const toNode = options.node ?? ((item: T) => item as unknown as N);
  const edges = items.slice(start, end).map((item, offset) => ({
    ...(options.edge ? options.edge(item) : ({} as X)),
    cursor: encodeCursor(start + offset),
    node: toNode(item),
  }));
  return {
    edges,
    nodes: edges.map(e => e.node),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}
