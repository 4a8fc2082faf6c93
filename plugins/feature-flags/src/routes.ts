import { createRouteRef } from '@backstage/frontend-plugin-api';

/** `/feature-flags`: every squad's flags, pending approvals and stale flags. */
export const rootRouteRef = createRouteRef();
