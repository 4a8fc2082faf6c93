import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import costPlugin from '@internal/plugin-cost';
import doraPlugin from '@internal/plugin-dora';
import featureFlagsPlugin from '@internal/plugin-feature-flags';
import goldenPathsPlugin from '@internal/plugin-golden-paths';
import ingestionPlugin from '@internal/plugin-ingestion';
import runbooksPlugin from '@internal/plugin-runbooks';
import { inferredEntityModule } from './modules/inferredEntity';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    ingestionPlugin,
    doraPlugin,
    runbooksPlugin,
    featureFlagsPlugin,
    costPlugin,
    goldenPathsPlugin,
    navModule,
    signInModule,
    inferredEntityModule,
  ],
});
