import { parseImageReference } from './parseImageReference';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

describe('parseImageReference', () => {
  it.each([
    [
      `ghcr.io/lumen-retail/cart-service:2.4.1@${DIGEST}`,
      {
        registry: 'ghcr.io',
        repository: 'ghcr.io/lumen-retail/cart-service',
        tag: '2.4.1',
        digest: DIGEST,
      },
    ],
    [
      'ghcr.io/lumen-retail/cart-service:2.5.0-rc.1',
      {
        registry: 'ghcr.io',
        repository: 'ghcr.io/lumen-retail/cart-service',
        tag: '2.5.0-rc.1',
        digest: null,
      },
    ],
    [
      `ghcr.io/lumen-retail/cart-service@${DIGEST}`,
      {
        registry: 'ghcr.io',
        repository: 'ghcr.io/lumen-retail/cart-service',
        tag: null,
        digest: DIGEST,
      },
    ],
    [
      'registry.lumen-retail.example:5000/legacy/image-resizer',
      {
        registry: 'registry.lumen-retail.example:5000',
        repository: 'registry.lumen-retail.example:5000/legacy/image-resizer',
        tag: 'latest',
        digest: null,
      },
    ],
    [
      'localhost:5000/dev/app:1',
      {
        registry: 'localhost:5000',
        repository: 'localhost:5000/dev/app',
        tag: '1',
        digest: null,
      },
    ],
    [
      'localhost/app',
      {
        registry: 'localhost',
        repository: 'localhost/app',
        tag: 'latest',
        digest: null,
      },
    ],
    [
      'redis',
      {
        registry: 'docker.io',
        repository: 'docker.io/library/redis',
        tag: 'latest',
        digest: null,
      },
    ],
    [
      'redis:7.4.1',
      {
        registry: 'docker.io',
        repository: 'docker.io/library/redis',
        tag: '7.4.1',
        digest: null,
      },
    ],
    [
      'otel/opentelemetry-collector-contrib:0.114.0',
      {
        registry: 'docker.io',
        repository: 'docker.io/otel/opentelemetry-collector-contrib',
        tag: '0.114.0',
        digest: null,
      },
    ],
    [
      'index.docker.io/library/nginx:1.27',
      {
        registry: 'docker.io',
        repository: 'docker.io/library/nginx',
        tag: '1.27',
        digest: null,
      },
    ],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v3_build.42',
      {
        registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api',
        tag: 'v3_build.42',
        digest: null,
      },
    ],
  ])('parses %s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each([
    '',
    'UPPER/case',
    'app:bad tag',
    'app@sha256:short',
    'app:',
    'a//b',
  ])('rejects %j', image => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});
