/** What names the service a record belongs to. */
export type ServiceIdentity = { entityRef?: string; repository?: string };

/**
 * Whether two records belong to the same service: their Components when both
 * name one, otherwise their repositories. Both comparisons ignore case, as
 * the catalog does for entity refs and GitHub for repository names.
 */
export function sameService(a: ServiceIdentity, b: ServiceIdentity): boolean {
  if (a.entityRef && b.entityRef) {
    return a.entityRef.toLowerCase() === b.entityRef.toLowerCase();
  }
  return (
    !!a.repository &&
    !!b.repository &&
    a.repository.toLowerCase() === b.repository.toLowerCase()
  );
}
