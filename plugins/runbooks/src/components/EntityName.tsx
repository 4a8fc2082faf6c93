import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { shortRef } from './formatting';

/**
 * A link to an entity, named by its title when the response carries one,
 * else by its short ref. Never asks the catalog for a display name: the
 * runbook pages must stay one request.
 */
export function EntityName(props: {
  entityRef: string;
  title?: string;
  /** The kind to leave out of the short ref: `component`, `group`, `system`. */
  kind?: string;
}) {
  return (
    <EntityRefLink entityRef={props.entityRef}>
      {props.title ?? shortRef(props.entityRef, props.kind)}
    </EntityRefLink>
  );
}
