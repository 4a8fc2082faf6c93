import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModuleGoldenPaths from '.';

describe('scaffolderModuleGoldenPaths', () => {
  it('registers paved:parameters:check and paved:template:info', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleGoldenPaths,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(addActions).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'paved:parameters:check' }),
      expect.objectContaining({ id: 'paved:template:info' }),
    );
  });
});
