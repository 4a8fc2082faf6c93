/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export type Arn = {
  partition: string;
  service: string;
  /** Empty for global resources (S3 buckets, IAM). */
  region: string;
  /** Empty for S3 buckets. */
  account: string;
  resource: string;
  /** `db` of `db:orders`, `table` of `table/carts`; empty for `my-queue`. */
  resourceType: string;
  /** `orders` of `db:orders`, `carts` of `table/carts/stream/…`, `my-queue`. */
  resourceName: string;
};

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

/** Parses an ARN; undefined when the string is not one. */
export function parseArn(value: string): Arn | undefined {
  const match = ARN.exec(value);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  const path = resource.replace(/^\//, '');
  const typed = /^([^/:]+)[/:]([^/:]+)/.exec(path);
  const resourceName = typed ? typed[2] : path;
  if (!resourceName) return undefined;
  return {
    partition,
    service,
    region,
    account: account === 'aws' ? '' : account,
    resource,
    resourceType: typed ? typed[1] : '',
    resourceName,
  };
}
