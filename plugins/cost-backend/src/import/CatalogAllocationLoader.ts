import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AllocationIndex,
  buildAllocationIndex,
} from '@internal/plugin-cost-common';
import { toAllocationTargets } from './allocationTargets';

/** Reads the catalog's Components and Groups into an allocation index, once per import. */
export class CatalogAllocationLoader {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async load(): Promise<AllocationIndex> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const [components, groups] = await Promise.all([
      this.deps.catalog.getEntities(
        {
          filter: { kind: 'component' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.owner',
            'relations',
          ],
        },
        { credentials },
      ),
      this.deps.catalog.getEntities(
        {
          filter: { kind: 'group' },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      ),
    ]);
    const index = buildAllocationIndex(
      toAllocationTargets(components.items, groups.items),
    );
    if (index.conflicts.length > 0) {
      this.deps.logger.warn(
        `Cost allocation: these tag values name more than one Component or Group and allocate to none: ${index.conflicts
          .slice(0, 20)
          .join(', ')}${index.conflicts.length > 20 ? ', …' : ''}`,
      );
    }
    return index;
  }
}
