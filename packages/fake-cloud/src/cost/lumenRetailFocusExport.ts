import { lumenRetailCloud } from '../aws/lumenRetailCloud';

const DAY_MS = 86_400_000;

/** The FOCUS 1.2 columns the export writes, in order (plus one `x_` extension, as real exports have). */
export const LUMEN_RETAIL_FOCUS_COLUMNS = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'ChargeCategory',
  'ProviderName',
  'ServiceName',
  'ServiceCategory',
  'SubAccountId',
  'RegionId',
  'ResourceId',
  'ResourceType',
  'Tags',
  'x_Source',
] as const;

type Column = (typeof LUMEN_RETAIL_FOCUS_COLUMNS)[number];
export type LumenRetailFocusRow = Record<Column, string>;

/** The Component whose cost jumps, and by how much, from the first day of last month. */
export const LUMEN_RETAIL_COST_JUMP = {
  service: 'identity-service',
  owner: 'identity-squad',
  percent: 35,
};

export type LumenRetailFocusExportOptions = {
  /** The export runs up to the start of this day (UTC); default now. */
  now?: Date;
};

type Service = { name: string; category: string; type: string };

const AWS_SERVICES: Record<string, Service> = {
  dynamodb: { name: 'Amazon DynamoDB', category: 'Databases', type: 'Table' },
  ec2: {
    name: 'Amazon Elastic Compute Cloud',
    category: 'Compute',
    type: 'Instance',
  },
  elasticache: {
    name: 'Amazon ElastiCache',
    category: 'Databases',
    type: 'Cache Cluster',
  },
  es: {
    name: 'Amazon OpenSearch Service',
    category: 'Analytics',
    type: 'Domain',
  },
  lambda: { name: 'AWS Lambda', category: 'Compute', type: 'Function' },
  rds: {
    name: 'Amazon Relational Database Service',
    category: 'Databases',
    type: 'DB Instance',
  },
  s3: {
    name: 'Amazon Simple Storage Service',
    category: 'Storage',
    type: 'Bucket',
  },
  sns: {
    name: 'Amazon Simple Notification Service',
    category: 'Integration',
    type: 'Topic',
  },
  sqs: {
    name: 'Amazon Simple Queue Service',
    category: 'Integration',
    type: 'Queue',
  },
};

const AZURE_SERVICES: Record<string, Service> = {
  'microsoft.documentdb': {
    name: 'Azure Cosmos DB',
    category: 'Databases',
    type: 'Database Account',
  },
  'microsoft.storage': {
    name: 'Storage',
    category: 'Storage',
    type: 'Storage Account',
  },
  'microsoft.servicebus': {
    name: 'Service Bus',
    category: 'Integration',
    type: 'Namespace',
  },
  'microsoft.cache': {
    name: 'Azure Cache for Redis',
    category: 'Databases',
    type: 'Redis Cache',
  },
  'microsoft.web': {
    name: 'Azure App Service',
    category: 'Compute',
    type: 'Web App',
  },
  'microsoft.keyvault': {
    name: 'Key Vault',
    category: 'Security',
    type: 'Vault',
  },
  'microsoft.sql': {
    name: 'SQL Database',
    category: 'Databases',
    type: 'SQL Server',
  },
};

const OTHER: Service = { name: 'Other', category: 'Other', type: 'Resource' };

/** A stable number in [0, 1) from a text (FNV-1a), so the export is the same on every run. */
function unit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

const amount = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(
    2,
    '0',
  )}`;
};

const iso = (time: number) => new Date(time).toISOString().replace('.000', '');

const monthStart = (time: number, months = 0) => {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
};

type Resource = {
  provider: 'AWS' | 'Microsoft';
  subAccountId: string;
  region: string;
  id: string;
  service: Service;
  tags: Record<string, string>;
  /** Cents a day, before the day's noise. */
  dailyCents: number;
};

function resources(): Resource[] {
  const cloud = lumenRetailCloud();
  const aws = cloud.aws.resources.map((resource): Resource => {
    const [, , service, region] = resource.arn.split(':');
    const tags = resource.tags;
    return {
      provider: 'AWS',
      subAccountId: cloud.aws.accountId,
      region: region || resource.region || 'eu-west-1',
      id: resource.arn,
      service: AWS_SERVICES[service] ?? OTHER,
      tags,
      dailyCents: dailyCents(resource.arn, tags),
    };
  });
  const azure = cloud.azure.resources.map((resource): Resource => {
    const provider = /\/providers\/([^/]+)\//.exec(resource.id)?.[1] ?? '';
    const tags = resource.tags ?? {};
    return {
      provider: 'Microsoft',
      subAccountId: cloud.azure.subscriptionId,
      region: resource.location,
      id: resource.id,
      service: AZURE_SERVICES[provider.toLowerCase()] ?? OTHER,
      tags,
      dailyCents: dailyCents(resource.id, tags),
    };
  });
  return [...aws, ...azure];
}

/** Production costs more than staging; databases more than queues. */
function dailyCents(id: string, tags: Record<string, string>): number {
  const base = 300 + Math.floor(unit(id) * 5_000);
  const database = /:rds:|:es:|DocumentDB|Sql\//.test(id) ? 3 : 1;
  const staging = tags.env === 'staging' ? 0.4 : 1;
  return Math.round(base * database * staging);
}

/**
 * A FOCUS 1.2 export of Lumen Retail's AWS account and Azure subscription
 * (the resources the fake AWS and Azure serve, with their `service`/`team`/
 * `env` tags, untagged ones included): one Usage line per resource and day
 * over the three full months before `now`'s month and this month up to
 * `now`'s day, in USD; a monthly AWS Support fee no resource carries (a
 * shared cost); a monthly AWS credit; and {@link LUMEN_RETAIL_COST_JUMP}:
 * identity-service costing 35 % more from the first day of last month.
 * Deterministic for a given day.
 */
export function lumenRetailFocusExport(
  options: LumenRetailFocusExportOptions = {},
): LumenRetailFocusRow[] {
  const now = options.now ?? new Date();
  const end = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  const start = monthStart(end, -3);
  const jumpFrom = monthStart(end, -1);
  const rows: LumenRetailFocusRow[] = [];
  const all = resources();

  for (let day = start; day < end; day += DAY_MS) {
    const billingStart = monthStart(day);
    const period = {
      BillingPeriodStart: iso(billingStart),
      BillingPeriodEnd: iso(monthStart(day, 1)),
      ChargePeriodStart: iso(day),
      ChargePeriodEnd: iso(day + DAY_MS),
      BillingCurrency: 'USD',
    };
    for (const resource of all) {
      const noise = 0.95 + unit(`${resource.id}@${day}`) * 0.1;
      const jump =
        resource.tags.service === LUMEN_RETAIL_COST_JUMP.service &&
        day >= jumpFrom
          ? 1 + LUMEN_RETAIL_COST_JUMP.percent / 100
          : 1;
      const effective = Math.round(resource.dailyCents * noise * jump);
      // Databases run on reserved capacity: list price above what is paid.
      const list =
        resource.service.category === 'Databases'
          ? Math.round(effective * 1.3)
          : effective;
      rows.push({
        ...period,
        BilledCost: amount(effective),
        EffectiveCost: amount(effective),
        ListCost: amount(list),
        ChargeCategory: 'Usage',
        ProviderName: resource.provider,
        ServiceName: resource.service.name,
        ServiceCategory: resource.service.category,
        SubAccountId: resource.subAccountId,
        RegionId: resource.region,
        ResourceId: resource.id,
        ResourceType: resource.service.type,
        Tags: JSON.stringify(resource.tags),
        x_Source: 'fake-cloud',
      });
    }
    if (day === billingStart) {
      const awsMonth = {
        // Charged on the month's first day: a charge period spanning the
        // month would read as data for days not imported yet.
        ...period,
        ProviderName: 'AWS',
        SubAccountId: lumenRetailCloud().aws.accountId,
        RegionId: '',
        ResourceId: '',
        ResourceType: '',
        Tags: '',
        x_Source: 'fake-cloud',
      };
      rows.push({
        ...awsMonth,
        BilledCost: '1200.00',
        EffectiveCost: '1200.00',
        ListCost: '1200.00',
        ChargeCategory: 'Usage',
        ServiceName: 'AWS Support (Business)',
        ServiceCategory: 'Management and Governance',
      });
      rows.push({
        ...awsMonth,
        BilledCost: '-250.00',
        EffectiveCost: '-250.00',
        ListCost: '0',
        ChargeCategory: 'Credit',
        ServiceName: 'AWS Activate credits',
        ServiceCategory: 'Other',
      });
    }
  }
  return rows;
}

const csvCell = (value: string) =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** Rows of {@link lumenRetailFocusExport} as a CSV file, header first. */
export function toFocusCsv(rows: LumenRetailFocusRow[]): string {
  const lines = [LUMEN_RETAIL_FOCUS_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      LUMEN_RETAIL_FOCUS_COLUMNS.map(column => csvCell(row[column])).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
