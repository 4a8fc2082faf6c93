import { normaliseAwsRecord, normaliseAzureRow } from './normaliseRecords';

describe('normaliseAwsRecord', () => {
  const source = { region: 'eu-west-1', accountId: '210987654321' };

  it('turns a Tagging API record into a resource', () => {
    expect(
      normaliseAwsRecord(
        {
          ResourceARN: 'arn:aws:rds:eu-west-1:210987654321:db:orders-prod',
          Tags: [
            { Key: 'service', Value: 'order-service' },
            { Key: 'env', Value: 'production' },
          ],
        },
        source,
      ),
    ).toEqual({
      resource: {
        provider: 'aws',
        account: '210987654321',
        region: 'eu-west-1',
        id: 'arn:aws:rds:eu-west-1:210987654321:db:orders-prod',
        service: 'rds',
        resourceType: 'db',
        name: 'orders-prod',
        tags: { service: 'order-service', env: 'production' },
      },
    });
  });

  it('places an S3 bucket in the region and account it was listed for', () => {
    const result = normaliseAwsRecord(
      { ResourceARN: 'arn:aws:s3:::media', Tags: [] },
      source,
    );
    expect(result).toMatchObject({
      resource: {
        account: '210987654321',
        region: 'eu-west-1',
        service: 's3',
        name: 'media',
        tags: {},
      },
    });
  });

  it('names what is wrong with a malformed record', () => {
    expect(normaliseAwsRecord({ Tags: [] }, source)).toEqual({
      problem: 'a record without ResourceARN',
    });
    expect(normaliseAwsRecord({ ResourceARN: 'orders-prod' }, source)).toEqual({
      problem: 'not an ARN: "orders-prod"',
    });
  });
});

describe('normaliseAzureRow', () => {
  const id =
    '/subscriptions/00000000-0000-0000-0000-00000000a11c/resourceGroups/rg-sql/providers/Microsoft.Sql/servers/bi/databases/sales';

  it('turns a Resource Graph row into a resource', () => {
    expect(
      normaliseAzureRow({
        id,
        name: 'sales',
        type: 'microsoft.sql/servers/databases',
        location: 'westeurope',
        subscriptionId: '00000000-0000-0000-0000-00000000a11c',
        tags: { service: 'order-service', 'cost centre': 42 },
      }),
    ).toEqual({
      resource: {
        provider: 'azure',
        account: '00000000-0000-0000-0000-00000000a11c',
        region: 'westeurope',
        id,
        service: 'microsoft.sql',
        resourceType: 'servers/databases',
        name: 'sales',
        tags: { service: 'order-service', 'cost centre': '42' },
      },
    });
  });

  it('names what is wrong with a malformed row', () => {
    expect(normaliseAzureRow(null)).toEqual({
      problem: 'a row that is not an object',
    });
    expect(
      normaliseAzureRow({ id: null, type: 'microsoft.cache/redis' }),
    ).toEqual({
      problem: 'a row without id',
    });
    expect(normaliseAzureRow({ id: 'lumen-cache' })).toEqual({
      problem: 'not an Azure resource id: "lumen-cache"',
    });
    expect(normaliseAzureRow({ id, type: 42 })).toEqual({
      problem: `${id}: no resource type (42)`,
    });
  });
});
