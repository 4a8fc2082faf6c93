import { Entity } from '@backstage/catalog-model';
import { summarizeTemplates } from './summarizeTemplates';

const template = (name: string, version?: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    title: name === 'typescript-service' ? 'TypeScript HTTP service' : name,
    tags: ['typescript'],
    annotations: version ? { 'paved.dev/template-version': version } : {},
  },
  spec: { type: 'service', owner: 'group:default/platform-squad' },
});

const service = (
  name: string,
  templateRef: string | undefined,
  version?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      ...(templateRef ? { 'paved.dev/template': templateRef } : {}),
      ...(version ? { 'paved.dev/template-version': version } : {}),
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout-squad',
    system: 'system:default/checkout',
  },
});

describe('summarizeTemplates', () => {
  it('lists the services of each template, most behind first, with counts', () => {
    const [summary] = summarizeTemplates(
      [template('typescript-service', '1.4.0')],
      [
        service('current-one', 'template:default/typescript-service', '1.4.0'),
        service('old-major', 'template:default/typescript-service', '0.9.0'),
        service('old-minor', 'template:default/typescript-service', '1.2.0'),
        service('old-patch', 'typescript-service', '1.4.0-rc.1'),
        service('no-version', 'template:default/typescript-service'),
      ],
    );
    expect(summary).toMatchObject({
      entityRef: 'template:default/typescript-service',
      title: 'TypeScript HTTP service',
      version: '1.4.0',
      owner: 'group:default/platform-squad',
      inCatalog: true,
      lagCounts: { current: 1, major: 1, minor: 1, patch: 1, unknown: 1 },
    });
    expect(summary.services.map(s => [s.name, s.lag])).toEqual([
      ['old-major', 'major'],
      ['old-minor', 'minor'],
      ['old-patch', 'patch'],
      ['no-version', 'unknown'],
      ['current-one', 'current'],
    ]);
    expect(summary.services[0]).toMatchObject({
      entityRef: 'component:default/old-major',
      owner: 'group:default/checkout-squad',
      system: 'system:default/checkout',
      version: '0.9.0',
    });
  });

  it('keeps services whose template left the catalog, under its recorded ref', () => {
    const summaries = summarizeTemplates(
      [template('typescript-service', '1.0.0')],
      [service('legacy', 'template:default/java-service', '2.1.0')],
    );
    expect(summaries.map(s => [s.entityRef, s.inCatalog])).toEqual([
      ['template:default/typescript-service', true],
      ['template:default/java-service', false],
    ]);
    expect(summaries[1].services[0]).toMatchObject({
      name: 'legacy',
      version: '2.1.0',
      lag: 'unknown',
    });
  });

  it('lists a template nobody has used yet, and ignores Components from no template', () => {
    const [summary, ...rest] = summarizeTemplates(
      [template('python-worker', '0.1.0')],
      [service('hand-made', undefined)],
    );
    expect(rest).toEqual([]);
    expect(summary.services).toEqual([]);
    expect(summary.lagCounts).toEqual({
      current: 0,
      patch: 0,
      minor: 0,
      major: 0,
      unknown: 0,
    });
  });

  it('says unknown for every service of a template without a version', () => {
    const [summary] = summarizeTemplates(
      [template('unversioned')],
      [service('a', 'template:default/unversioned', '1.0.0')],
    );
    expect(summary.version).toBeUndefined();
    expect(summary.services[0].lag).toBe('unknown');
  });
});
