import fs from 'node:fs';
import path from 'node:path';
import { buildClientSchema, GraphQLSchema, IntrospectionQuery } from 'graphql';

/**
 * GitHub's public GraphQL schema, as published by @octokit/graphql-schema.
 *
 * The package exports only an ES module, so its schema.json (GitHub's own
 * introspection answer) is read from disk. The schema.graphql beside it is not
 * used: GitHub's SDL dump defines two EnterpriseOwnerInfo fields twice, which
 * graphql-js rightly refuses, while the introspection result is valid.
 */
function schemaJsonPath(): string {
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(
      dir,
      'node_modules',
      '@octokit',
      'graphql-schema',
      'schema.json',
    );
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error('@octokit/graphql-schema/schema.json not found');
    }
  }
}

let cached: GraphQLSchema | undefined;

/** Built once per process (about 150 ms), on first use. */
export function githubGraphqlSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(fs.readFileSync(schemaJsonPath(), 'utf8'));
    cached = buildClientSchema((json.data ?? json) as IntrospectionQuery);
  }
  return cached;
}
