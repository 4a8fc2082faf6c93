import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { unprocessedEntitiesDeletePermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { costImportPermission } from '@internal/plugin-cost-common';
import { templateDryRunPermission } from '@internal/plugin-golden-paths-common';
import {
  featureFlagsApprovePermission,
  featureFlagsManagePermission,
} from '@internal/plugin-feature-flags-common';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * Changing what the catalog ingests — registering or unregistering locations,
 * and with them templates — is for the platform squad.
 */
export const PLATFORM_SQUAD_PERMISSIONS: ReadonlySet<string> = new Set([
  catalogLocationCreatePermission.name,
  catalogLocationDeletePermission.name,
  catalogEntityCreatePermission.name,
  catalogEntityDeletePermission.name,
  unprocessedEntitiesDeletePermission.name,
  costImportPermission.name,
  templateDryRunPermission.name,
]);

export type PavedPermissionPolicyOptions = {
  /** Entity ref of the platform squad's Group, e.g. `group:default/platform-squad`. */
  platformGroupRef: string;
};

/**
 * Paved's permission policy:
 * - any signed-in user (and any backend service) reads the catalog and uses
 *   the portal;
 * - only members of the platform squad register or unregister catalog
 *   locations, templates and entities, clear failed entities, import
 *   cost data and dry-run stored templates;
 * - a Component's feature flags and API keys are changed by its owners
 *   (the catalog's `isEntityOwner`) and the platform squad;
 * - in production, only its owners change them without approval and
 *   approve the changes of others (four eyes).
 */
export class PavedPermissionPolicy implements PermissionPolicy {
  private readonly platformGroupRef: string;

  constructor(options: PavedPermissionPolicyOptions) {
    this.platformGroupRef = options.platformGroupRef.toLocaleLowerCase('en-US');
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    const inPlatformSquad = claims
      .map(ref => ref.toLocaleLowerCase('en-US'))
      .includes(this.platformGroupRef);
    if (
      isPermission(request.permission, featureFlagsManagePermission) &&
      isResourcePermission(request.permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return inPlatformSquad
        ? { result: AuthorizeResult.ALLOW }
        : createCatalogConditionalDecision(
            request.permission,
            catalogConditions.isEntityOwner({ claims }),
          );
    }
    if (
      isPermission(request.permission, featureFlagsApprovePermission) &&
      isResourcePermission(request.permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (!PLATFORM_SQUAD_PERMISSIONS.has(request.permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return {
      result: inPlatformSquad ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  }
}
