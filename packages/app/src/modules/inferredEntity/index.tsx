import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** On the overview of components inferred from GitHub (catalog-backend-module-github-inference). */
const inferredEntityCard = EntityCardBlueprint.make({
  name: 'inferred-from-github',
  params: {
    filter: entity =>
      entity.metadata.annotations?.['paved.dev/inferred'] === 'true',
    loader: async () => {
      const { InferredEntityCard } = await import('./InferredEntityCard');
      return <InferredEntityCard />;
    },
  },
});

export const inferredEntityModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [inferredEntityCard],
});
