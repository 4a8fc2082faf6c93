// "Portal ready" means what a newcomer would check by hand: the backend
// answers its readiness probe, a guest can sign in, and the demo catalog is
// there.
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function fetchJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

async function guestToken(baseUrl) {
  const body = await fetchJson(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return body.backstageIdentity.token;
}

/** Number of catalog entities a guest sees. */
export async function countCatalogEntities(baseUrl) {
  const token = await guestToken(baseUrl);
  const body = await fetchJson(
    `${baseUrl}/api/catalog/entities/by-query?limit=1&filter=kind=component`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const all = await fetchJson(`${baseUrl}/api/catalog/entities/by-query?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const inferred = await fetchJson(
    `${baseUrl}/api/catalog/entities/by-query?limit=1&filter=metadata.annotations.paved.dev/inferred=true`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return {
    components: body.totalItems,
    entities: all.totalItems,
    inferred: inferred.totalItems,
  };
}

/**
 * Resolves once the portal at `baseUrl` is ready and serves at least
 * `minComponents` components, `minInferred` of them inferred from GitHub;
 * rejects after `timeoutMs`.
 */
export async function waitForPortal(
  baseUrl,
  { timeoutMs = 120_000, minComponents = 10, minInferred = 0 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      await fetchJson(`${baseUrl}/.backstage/health/v1/readiness`);
      const counts = await countCatalogEntities(baseUrl);
      if (counts.components >= minComponents && counts.inferred >= minInferred) {
        return { entityCount: counts.entities, inferredCount: counts.inferred };
      }
      lastProblem = `${counts.components} components (${counts.inferred} inferred) in the catalog so far`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await sleep(500);
  }
  throw new Error(
    `the portal at ${baseUrl} was not ready after ${timeoutMs / 1000} s (${lastProblem})`,
  );
}
