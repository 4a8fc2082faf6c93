import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModuleFeatureFlags from '.';

describe('scaffolderModuleFeatureFlags', () => {
  it('registers paved:feature-flags:create with the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleFeatureFlags,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'https://paved.example' } },
        }),
      ],
    });

    expect(addActions).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'paved:feature-flags:create' }),
    );
  });
});
