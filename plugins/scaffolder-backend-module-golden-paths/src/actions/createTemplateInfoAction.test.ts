import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTemplateInfoAction } from './createTemplateInfoAction';

const context = (annotations?: Record<string, string>) => {
  const ctx = createMockActionContext({
    input: {},
    logger: mockServices.logger.mock(),
    templateInfo: {
      entityRef: 'template:default/typescript-service',
      entity: {
        metadata: {
          name: 'typescript-service',
          title: 'TypeScript HTTP service',
          annotations,
        },
      },
    },
  });
  return ctx;
};

describe('paved:template:info', () => {
  it("outputs the template's ref, name, title and version", async () => {
    const ctx = context({ 'paved.dev/template-version': '1.4.0' });
    await createTemplateInfoAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'ref',
      'template:default/typescript-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('name', 'typescript-service');
    expect(ctx.output).toHaveBeenCalledWith('title', 'TypeScript HTTP service');
    expect(ctx.output).toHaveBeenCalledWith('version', '1.4.0');
  });

  it('refuses a template without a version', async () => {
    await expect(
      createTemplateInfoAction().handler(context({})),
    ).rejects.toThrow(
      'Template template:default/typescript-service has no paved.dev/template-version annotation',
    );
  });

  it('refuses a version that is not semantic', async () => {
    await expect(
      createTemplateInfoAction().handler(
        context({ 'paved.dev/template-version': 'latest' }),
      ),
    ).rejects.toThrow('"latest", which is not a semantic version');
  });

  it('refuses a task that was not started from a catalog template', async () => {
    const ctx = createMockActionContext({ input: {} });
    await expect(createTemplateInfoAction().handler(ctx)).rejects.toThrow(
      /no template entity/,
    );
  });
});
