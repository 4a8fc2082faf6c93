import { Entity } from '@backstage/catalog-model';
import { fileWebUrl, repositoryPath, runbookLocation } from './runbookLocation';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-squad' },
});

describe('runbookLocation', () => {
  it('reads docs/runbooks/ of the repository by default', () => {
    expect(
      runbookLocation(
        component({
          'backstage.io/source-location':
            'url:https://github.com/lumen-retail/cart-service/',
        }),
        'docs/runbooks/',
      ),
    ).toEqual({
      searchUrl: 'https://github.com/lumen-retail/cart-service/tree/HEAD/**',
      pattern: 'docs/runbooks/**/*.md',
      listsRepository: true,
      repo: 'https://github.com/lumen-retail/cart-service',
    });
  });

  it('falls back to the GitHub project slug', () => {
    expect(
      runbookLocation(
        component({ 'github.com/project-slug': 'lumen-retail/cart-service' }),
        'docs/runbooks',
      ),
    ).toMatchObject({
      searchUrl: 'https://github.com/lumen-retail/cart-service/tree/HEAD/**',
      pattern: 'docs/runbooks/**/*.md',
    });
  });

  it('takes the annotation as a file, directory or glob below the source location of a monorepo', () => {
    const at = (value: string) =>
      runbookLocation(
        component({
          'backstage.io/source-location':
            'url:https://github.com/acme/mono/tree/main/services/cart/',
          'paved.dev/runbooks': value,
        }),
        'docs/runbooks/',
      );
    expect(at('ops/ONCALL.md')).toMatchObject({
      searchUrl: 'https://github.com/acme/mono/tree/main/services/cart/**',
      pattern: 'services/cart/ops/ONCALL.md',
    });
    expect(at('./runbooks')?.pattern).toBe('services/cart/runbooks/**/*.md');
    expect(at('alerts/*.markdown')?.pattern).toBe(
      'services/cart/alerts/*.markdown',
    );
  });

  it('reads an absolute URL as given, without listing the repository', () => {
    expect(
      runbookLocation(
        component({
          'paved.dev/runbooks':
            'https://github.com/acme/runbooks/tree/main/cart/',
        }),
        'docs/runbooks/',
      ),
    ).toEqual({
      searchUrl: 'https://github.com/acme/runbooks/tree/main/cart/**/*.md',
      listsRepository: false,
      repo: 'https://github.com/acme/runbooks',
    });
  });

  it('is undefined when the Component does not say where its code is', () => {
    expect(runbookLocation(component({}), 'docs/runbooks/')).toBeUndefined();
    expect(
      runbookLocation(
        component({ 'backstage.io/source-location': 'dir:./local' }),
        'docs/runbooks/',
      ),
    ).toBeUndefined();
  });
});

describe('repositoryPath and fileWebUrl', () => {
  it('turn a search result into its repository path and its page', () => {
    const url =
      'https://github.com/lumen-retail/cart-service/tree/HEAD/docs/runbooks/cart.md';
    expect(repositoryPath(url)).toBe('docs/runbooks/cart.md');
    expect(fileWebUrl(url)).toBe(
      'https://github.com/lumen-retail/cart-service/blob/HEAD/docs/runbooks/cart.md',
    );
  });
});
