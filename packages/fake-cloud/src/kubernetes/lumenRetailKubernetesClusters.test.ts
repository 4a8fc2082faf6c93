import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lumenRetailKubernetesClusters } from './lumenRetailKubernetesClusters';

const catalogInfo = path.resolve(__dirname, '../../../../catalog-info');

function components(): {
  name: string;
  type: string;
  system: string;
  kubernetesId?: string;
}[] {
  const dir = path.join(catalogInfo, 'components');
  return fs.readdirSync(dir).flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
      .map(doc => doc.toJS())
      .filter(entity => entity?.kind === 'Component')
      .map(entity => ({
        name: entity.metadata.name,
        type: entity.spec.type,
        system: String(entity.spec.system).split('/').pop()!,
        kubernetesId:
          entity.metadata.annotations?.['backstage.io/kubernetes-id'],
      })),
  );
}

describe('lumenRetailKubernetesClusters', () => {
  const clusters = lumenRetailKubernetesClusters();

  it.each(['staging', 'production'] as const)(
    'runs every deployable component of catalog-info/ in %s, labelled with its name and system',
    environment => {
      const cluster = clusters[environment];
      expect(cluster).toMatchObject({ name: environment, environment });
      const deployable = components().filter(
        c =>
          (c.type === 'service' || c.type === 'website') &&
          !(
            environment === 'production' && c.name === 'recommendations-service'
          ),
      );
      for (const component of deployable) {
        const workloads = cluster.objects.filter(
          o =>
            ['Deployment', 'CronJob'].includes(o.kind) &&
            o.metadata?.labels?.['app.kubernetes.io/name'] === component.name,
        );
        expect(workloads.length).toBeGreaterThanOrEqual(1);
        for (const workload of workloads) {
          expect(workload.metadata?.labels?.['app.kubernetes.io/part-of']).toBe(
            component.system,
          );
          expect(
            workload.metadata?.labels?.['backstage.io/kubernetes-id'],
          ).toBe(
            workload.metadata?.name === component.name
              ? component.kubernetesId
              : undefined,
          );
        }
      }
      const websites = deployable
        .filter(c => c.type === 'website')
        .map(c => c.name);
      expect(
        cluster.objects
          .filter(o => o.kind === 'Ingress')
          .map(o => o.metadata?.name)
          .sort(),
      ).toEqual(websites.sort());
      // Libraries are not deployed.
      const libraries = components()
        .filter(c => c.type === 'library')
        .map(c => c.name);
      expect(
        cluster.objects.filter(o =>
          libraries.includes(
            o.metadata?.labels?.['app.kubernetes.io/name'] ?? '',
          ),
        ),
      ).toEqual([]);
    },
  );

  it('pins every Lumen Retail image by tag and digest', () => {
    const images = clusters.production.objects.flatMap(o =>
      o.kind === 'Deployment'
        ? o.spec!.template.spec!.containers.map(c => c.image!)
        : [],
    );
    expect(images.filter(i => i.startsWith('ghcr.io/')).length).toBeGreaterThan(
      10,
    );
    for (const image of images.filter(i => i.startsWith('ghcr.io/'))) {
      expect(image).toMatch(
        /^ghcr\.io\/lumen-retail\/[a-z-]+:[0-9a-z.-]+@sha256:[0-9a-f]{64}$/,
      );
    }
  });

  it('runs fewer replicas in staging', () => {
    const replicas = (environment: 'staging' | 'production') =>
      clusters[environment].objects.reduce(
        (sum, o) => sum + (o.kind === 'Deployment' ? o.spec!.replicas ?? 1 : 0),
        0,
      );
    expect(replicas('staging')).toBeLessThan(replicas('production'));
  });
});
