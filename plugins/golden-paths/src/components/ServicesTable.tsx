import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { GeneratedService } from '@internal/plugin-golden-paths-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LagChip, sortMostBehindFirst } from './lag';

/** `checkout-squad` for `group:default/checkout-squad`; the namespace when not default. */
export function shortRef(ref: string, expectedKind: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind: expectedKind,
    });
    const prefix =
      kind.toLocaleLowerCase('en-US') === expectedKind ? '' : `${kind}:`;
    return `${prefix}${namespace === 'default' ? '' : `${namespace}/`}${name}`;
  } catch {
    return ref;
  }
}

/** A link to an entity, named by its short ref (no catalog request for a title). */
export function EntityName(props: {
  entityRef?: string;
  kind: string;
  title?: string;
}) {
  const { entityRef, kind, title } = props;
  if (!entityRef) return <>—</>;
  return (
    <EntityRefLink entityRef={entityRef} defaultKind={kind}>
      {title ?? shortRef(entityRef, kind)}
    </EntityRefLink>
  );
}

/** The Components generated from one template, most behind first. */
export function ServicesTable(props: {
  /** Names the table: "Services generated from <title>". */
  templateTitle: string;
  services: GeneratedService[];
  /** Why the list is empty, when it is. */
  emptyText: string;
}) {
  const { templateTitle, services, emptyText } = props;
  if (services.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" py={1}>
        {emptyText}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Services generated from ${templateTitle}`}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>System</TableCell>
          <TableCell>Generated from</TableCell>
          <TableCell>Lag</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sortMostBehindFirst(services).map(service => (
          <TableRow key={service.entityRef}>
            <TableCell>
              <EntityName
                entityRef={service.entityRef}
                kind="component"
                title={service.title ?? service.name}
              />
            </TableCell>
            <TableCell>
              <EntityName entityRef={service.owner} kind="group" />
            </TableCell>
            <TableCell>
              <EntityName entityRef={service.system} kind="system" />
            </TableCell>
            <TableCell>{service.version ?? 'not recorded'}</TableCell>
            <TableCell>
              <LagChip lag={service.lag} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
