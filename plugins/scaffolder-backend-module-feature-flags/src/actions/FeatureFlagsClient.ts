import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  parseErrorResponseBody,
} from '@backstage/errors';
import { FeatureFlag } from '@internal/plugin-feature-flags-common';
import { FlagToCreate } from './parseCreateFlagsInput';

export const FEATURE_FLAGS_PLUGIN_ID = 'feature-flags';

/** What `POST /entities/:namespace/:name/flags` answered, as far as the action cares. */
export type CreateFlagResult =
  | { status: 'created'; flag: FeatureFlag }
  | { status: 'exists'; message: string }
  | { status: 'entity-not-found'; message: string };

/**
 * The feature-flags backend's flag creation, called on behalf of a user:
 * the backend lets only the Component's owners (and the platform squad)
 * create flags, so the token carries the user who runs the template.
 */
export class FeatureFlagsClient {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  async createFlag(
    entity: CompoundEntityRef,
    flag: FlagToCreate,
    onBehalfOf: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<CreateFlagResult> {
    const [baseUrl, { token }] = await Promise.all([
      this.deps.discovery.getBaseUrl(FEATURE_FLAGS_PLUGIN_ID),
      this.deps.auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: FEATURE_FLAGS_PLUGIN_ID,
      }),
    ]);
    const url = `${baseUrl}/entities/${encodeURIComponent(
      entity.namespace,
    )}/${encodeURIComponent(entity.name)}/flags`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(flag),
      signal,
    });
    if (response.status === 201) {
      return {
        status: 'created',
        flag: (await response.json()) as FeatureFlag,
      };
    }

    const message = (await parseErrorResponseBody(response)).error.message;
    switch (response.status) {
      case 409:
        return { status: 'exists', message };
      case 404:
        return { status: 'entity-not-found', message };
      case 400:
        throw new InputError(message);
      case 401:
        throw new AuthenticationError(message);
      case 403:
        throw new NotAllowedError(message);
      default:
        throw new Error(
          `The feature-flags backend answered ${response.status} ${response.statusText}: ${message}`,
        );
    }
  }
}
