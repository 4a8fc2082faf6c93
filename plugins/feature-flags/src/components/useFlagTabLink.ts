import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** Where a Component's Feature flags tab opens one flag: `/catalog/default/component/x/feature-flags?flag=k`. */
export function useFlagTabLink(): (
  entityRef: string,
  flagKey?: string,
) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef: string, flagKey?: string) =>
      `${entityLink(entityRef)}/feature-flags${
        flagKey ? `?flag=${encodeURIComponent(flagKey)}` : ''
      }`,
    [entityLink],
  );
}
