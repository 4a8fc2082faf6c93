import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModuleGoldenPaths from '.';

describe('scaffolderModuleGoldenPaths', () => {
  it('registers paved:parameters:check, paved:template:info and paved:catalog:register', async () => {
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
      expect.objectContaining({ id: 'paved:catalog:register' }),
    );
  });
});
