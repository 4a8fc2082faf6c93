import {
  DocumentNode,
  execute,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLFieldResolver,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
  validate,
  valueFromASTUntyped,
} from 'graphql';
import { GithubGraphqlError } from './graphqlConnections';
import { queryRoot, RateLimitView } from './graphqlNodes';
import { githubGraphqlSchema } from './graphqlSchema';
import type { Reply, GithubState } from './routes';

/** Paths GraphQL is served at: @octokit/graphql posts to `${baseUrl}/graphql`, or `/api/graphql` for a GHES `/api/v3` base URL. */
export const GRAPHQL_PATHS = new Set(['/graphql', '/api/graphql']);

const DOCUMENTATION_URL = 'https://docs.github.com/graphql';

/** GitHub refuses queries that could return more nodes than this. */
const MAX_NODE_COUNT = 500_000;

export type GraphqlOutcome = {
  reply: Reply;
  operationName?: string;
  /** Rate-limit points the request costs. */
  cost: number;
};

type Cost = { cost: number; nodeCount: number };

/**
 * GitHub's published cost formula: each connection is one request per
 * parent node that can hold it; the cost is the requests / 100, rounded, at
 * least 1. The node count is the most nodes the query can return.
 */
export function queryCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Cost {
  const fragments = new Map(
    document.definitions
      .filter(
        (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map(d => [d.name.value, d]),
  );
  let requests = 0;
  let nodeCount = 0;
  const walk = (set: SelectionSetNode, parents: number, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const size = selection.arguments
          ?.filter(a => a.name.value === 'first' || a.name.value === 'last')
          .map(a => Number(valueFromASTUntyped(a.value, variables)))
          .find(n => Number.isFinite(n));
        if (size !== undefined) {
          requests += parents;
          nodeCount += parents * size;
        }
        if (selection.selectionSet) {
          walk(selection.selectionSet, parents * (size ?? 1), seen);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, parents, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          walk(
            fragment.selectionSet,
            parents,
            new Set([...seen, fragment.name.value]),
          );
        }
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount };
}

function errorsReply(errors: unknown[]): Reply {
  return { status: 200, json: { errors } };
}

/** GitHub's error shape: `type` (when it has one), `path`, `locations`, `message`. */
function formatError(error: GraphQLError) {
  const original = error.originalError;
  const formatted: Record<string, unknown> = {};
  if (original instanceof GithubGraphqlError) formatted.type = original.type;
  if (error.path) formatted.path = error.path;
  if (error.locations) formatted.locations = error.locations;
  if (error.extensions && Object.keys(error.extensions).length > 0) {
    formatted.extensions = error.extensions;
  }
  formatted.message = error.message;
  return formatted;
}

/**
 * Resolves a field from the served object: a function is called with the
 * field's arguments, a value is returned as is, and a field the fake does not
 * serve is an error that names it (so a gap in the fake is loud).
 */
const fieldResolver: GraphQLFieldResolver<any, unknown> = (
  source,
  args,
  _context,
  info,
) => {
  if (source === null || typeof source !== 'object') return undefined;
  if (!(info.fieldName in source)) {
    throw new GithubGraphqlError(
      'NOT_IMPLEMENTED',
      `The fake GitHub does not serve ${info.parentType.name}.${info.fieldName}.`,
    );
  }
  const value = source[info.fieldName];
  return typeof value === 'function' ? value(args) : value;
};

/**
 * Answers one POST /graphql: the query is parsed and validated against
 * GitHub's real public schema and executed over the fake's state, with
 * GitHub's status codes and error shapes.
 */
export async function answerGraphql(
  state: GithubState,
  body: Buffer,
  rate: Omit<RateLimitView, 'cost' | 'nodeCount'>,
): Promise<GraphqlOutcome> {
  let request: {
    query?: unknown;
    variables?: unknown;
    operationName?: unknown;
  };
  try {
    request = JSON.parse(body.toString('utf8'));
    if (request === null || typeof request !== 'object') throw new Error();
  } catch {
    return {
      reply: {
        status: 400,
        json: {
          message: 'Problems parsing JSON',
          documentation_url: DOCUMENTATION_URL,
        },
      },
      cost: 0,
    };
  }
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return {
      reply: errorsReply([
        {
          message: 'A query attribute must be specified and must be a string.',
        },
      ]),
      cost: 0,
    };
  }
  const operationName =
    typeof request.operationName === 'string'
      ? request.operationName
      : undefined;
  const variables =
    request.variables && typeof request.variables === 'object'
      ? (request.variables as Record<string, unknown>)
      : {};

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const syntax = error as GraphQLError;
    return {
      reply: errorsReply([
        { message: syntax.message, locations: syntax.locations },
      ]),
      cost: 0,
    };
  }

  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operations.find(o => o.name?.value === operationName) ??
    (operations.length === 1 ? operations[0] : undefined);
  const name = operation?.name?.value ?? operationName;

  const schema = githubGraphqlSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return {
      reply: errorsReply(invalid.map(formatError)),
      operationName: name,
      cost: 0,
    };
  }
  if (operation?.operation === 'mutation') {
    return {
      reply: errorsReply([
        {
          type: 'FORBIDDEN',
          message: 'The fake GitHub is read-only: it answers queries only.',
        },
      ]),
      operationName: name,
      cost: 0,
    };
  }

  const { cost, nodeCount } = operation
    ? queryCost(document, operation, variables)
    : { cost: 1, nodeCount: 0 };
  if (nodeCount > MAX_NODE_COUNT) {
    return {
      reply: errorsReply([
        {
          type: 'MAX_NODE_LIMIT_EXCEEDED',
          message: `This query requests up to ${nodeCount.toLocaleString(
            'en',
          )} possible nodes which exceeds the maximum limit of ${MAX_NODE_COUNT.toLocaleString(
            'en',
          )}.`,
        },
      ]),
      operationName: name,
      cost: 0,
    };
  }

  const result = await execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    rootValue: queryRoot(state, { ...rate, cost, nodeCount }),
    fieldResolver,
  });
  const json: Record<string, unknown> = {};
  if (result.data !== undefined) json.data = result.data;
  if (result.errors?.length) json.errors = result.errors.map(formatError);
  return { reply: { status: 200, json }, operationName: name, cost };
}
