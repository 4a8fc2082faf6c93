import { CloudResource } from '../sources/types';
import { baseEntityName, entityNames } from './entityNames';

const aws = (id: string, name: string, service = 'lambda'): CloudResource => ({
  provider: 'aws',
  account: '210987654321',
  region: id.split(':')[3],
  id,
  service,
  resourceType: 'function',
  name,
  tags: {},
});

describe('entityNames', () => {
  const VALID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  it('names a resource after its provider, service and name', () => {
    expect(
      baseEntityName(
        aws('arn:aws:rds:eu-west-1:1:db:Orders_Prod', 'Orders_Prod', 'rds'),
      ),
    ).toBe('aws-rds-orders-prod');
    expect(
      baseEntityName({
        ...aws('/subscriptions/s/x', 'lumenproductmedia'),
        provider: 'azure',
        service: 'microsoft.storage',
      }),
    ).toBe('azure-storage-lumenproductmedia');
  });

  it('adds a stable hash where names would clash, and only there', () => {
    const eu = aws(
      'arn:aws:lambda:eu-west-1:210987654321:function:image-resizer',
      'image-resizer',
    );
    const us = aws(
      'arn:aws:lambda:us-east-1:210987654321:function:image-resizer',
      'image-resizer',
    );
    const other = aws(
      'arn:aws:lambda:eu-west-1:210987654321:function:cleanup',
      'cleanup',
    );
    const names = entityNames([eu, us, other], new Set());
    expect(names.get(other)).toBe('aws-lambda-cleanup');
    expect(names.get(eu)).toMatch(/^aws-lambda-image-resizer-[0-9a-f]{6}$/);
    expect(names.get(us)).toMatch(/^aws-lambda-image-resizer-[0-9a-f]{6}$/);
    expect(names.get(eu)).not.toBe(names.get(us));
    // Stable: the same resource gets the same name in any order.
    expect(entityNames([us, other, eu], new Set()).get(eu)).toBe(names.get(eu));
  });

  it('keeps clear of names other sources took, and of the length limit', () => {
    const orders = aws(
      'arn:aws:rds:eu-west-1:210987654321:db:orders',
      'orders',
      'rds',
    );
    expect(
      entityNames([orders], new Set(['aws-rds-orders'])).get(orders),
    ).toMatch(/^aws-rds-orders-[0-9a-f]{6}$/);
    const long = aws(
      `arn:aws:lambda:eu-west-1:210987654321:function:${'x'.repeat(64)}`,
      'x'.repeat(64),
    );
    const name = entityNames([long], new Set()).get(long)!;
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(VALID);
  });
});
