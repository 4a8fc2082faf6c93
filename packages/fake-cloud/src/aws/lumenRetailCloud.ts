import {
  LUMEN_RETAIL_AZURE_SUBSCRIPTION,
  lumenRetailAzureResources,
} from '../azure/lumenRetailAzure';
import { FakeAzureResource } from '../azure/types';
import { FakeAwsResource } from './types';

/** Lumen Retail's AWS account. */
export const LUMEN_RETAIL_AWS_ACCOUNT = '210987654321';

const EU = 'eu-west-1';
const US = 'us-east-1';

const arn = (service: string, region: string, resource: string) =>
  `arn:aws:${service}:${region}:${LUMEN_RETAIL_AWS_ACCOUNT}:${resource}`;

const tagged = (service: string, team: string, env = 'production') => ({
  service,
  team,
  env,
});

/**
 * Lumen Retail's AWS resources, tagged `service`/`team`/`env` for the
 * components and squads in catalog-info/: mostly in eu-west-1, a few in
 * us-east-1. Some carry only part of the tags, some none, one was never
 * tagged (the Tagging API does not list it).
 */
export function lumenRetailAwsResources(): FakeAwsResource[] {
  return [
    // Fulfilment
    {
      arn: arn('rds', EU, 'db:orders-prod'),
      tags: tagged('order-service', 'fulfilment-squad'),
    },
    {
      arn: arn('rds', EU, 'db:orders-staging'),
      tags: tagged('order-service', 'fulfilment-squad', 'staging'),
    },
    {
      arn: arn('sns', EU, 'order-events'),
      tags: tagged('order-service', 'fulfilment-squad'),
    },
    {
      arn: arn('sqs', EU, 'notifications'),
      tags: tagged('notification-worker', 'fulfilment-squad'),
    },
    {
      arn: arn('sqs', EU, 'notifications-dlq'),
      tags: tagged('notification-worker', 'fulfilment-squad'),
    },
    {
      arn: arn('sqs', EU, 'inventory-updates'),
      tags: tagged('inventory-service', 'fulfilment-squad'),
    },
    {
      // No team tag: the owner comes from the component.
      arn: arn('sqs', EU, 'shipping-label-requests'),
      tags: { service: 'shipping-service', env: 'production' },
    },
    {
      arn: 'arn:aws:s3:::lumen-retail-shipping-labels',
      region: EU,
      tags: tagged('shipping-service', 'fulfilment-squad'),
    },
    // Checkout
    {
      arn: arn('rds', EU, 'db:payments-prod'),
      tags: tagged('payments-service', 'checkout-squad'),
    },
    {
      arn: arn('dynamodb', EU, 'table/carts'),
      tags: tagged('cart-service', 'checkout-squad'),
    },
    {
      arn: arn('elasticache', EU, 'replicationgroup:cart-cache'),
      tags: tagged('cart-service', 'checkout-squad'),
    },
    {
      arn: arn('lambda', EU, 'function:cart-abandonment-notifier'),
      tags: tagged('cart-service', 'checkout-squad'),
    },
    // Discovery
    {
      arn: arn('rds', EU, 'cluster:products-prod'),
      tags: tagged('product-service', 'discovery-squad'),
    },
    {
      arn: 'arn:aws:s3:::lumen-retail-product-images',
      region: EU,
      tags: tagged('product-service', 'discovery-squad'),
    },
    {
      // The same function name in two regions.
      arn: arn('lambda', EU, 'function:image-resizer'),
      tags: tagged('product-service', 'discovery-squad'),
    },
    {
      arn: arn('lambda', US, 'function:image-resizer'),
      tags: tagged('product-service', 'discovery-squad'),
    },
    {
      arn: arn('es', EU, 'domain/products-search'),
      tags: tagged('search-service', 'discovery-squad'),
    },
    {
      arn: arn('elasticache', EU, 'cluster:search-suggestions-001'),
      tags: tagged('search-service', 'discovery-squad'),
    },
    {
      arn: arn('dynamodb', EU, 'table/recommendations'),
      tags: tagged('recommendations-service', 'discovery-squad'),
    },
    {
      arn: arn('lambda', EU, 'function:recommendations-batch-scorer'),
      tags: tagged('recommendations-service', 'discovery-squad', 'staging'),
    },
    {
      arn: 'arn:aws:s3:::lumen-retail-storefront-assets-us',
      region: US,
      tags: tagged('storefront-web', 'discovery-squad'),
    },
    // Identity
    {
      arn: arn('rds', EU, 'db:identity-prod'),
      tags: tagged('identity-service', 'identity-squad'),
    },
    {
      arn: arn('dynamodb', EU, 'table/sessions'),
      tags: tagged('identity-service', 'identity-squad'),
    },
    {
      arn: arn('dynamodb', US, 'table/sessions-replica'),
      tags: tagged('identity-service', 'identity-squad'),
    },
    {
      // `identity` is no group: the owner comes from the component.
      arn: arn('lambda', EU, 'function:identity-token-cleanup'),
      tags: tagged('identity-service', 'identity'),
    },
    // Platform
    {
      arn: 'arn:aws:s3:::lumen-retail-paved-techdocs',
      region: EU,
      tags: tagged('paved-portal', 'platform-squad'),
    },
    // Untagged or partly tagged: unowned.
    { arn: 'arn:aws:s3:::lumen-retail-tmp-exports', region: EU, tags: {} },
    { arn: arn('sqs', EU, 'legacy-newsletter'), tags: { env: 'production' } },
    {
      arn: arn('rds', EU, 'db:analytics-sandbox'),
      tags: { team: 'data-science', env: 'staging' },
    },
    {
      arn: arn('ec2', US, 'instance/i-0a1b2c3d4e5f67890'),
      tags: { Name: 'bastion' },
    },
    {
      arn: arn('lambda', EU, 'function:ops-scratch'),
      tags: {},
      neverTagged: true,
    },
  ];
}

export type LumenRetailCloud = {
  aws: { accountId: string; regions: string[]; resources: FakeAwsResource[] };
  azure: { subscriptionId: string; resources: FakeAzureResource[] };
};

/** Lumen Retail's cloud: the AWS account and the Azure subscription. */
export function lumenRetailCloud(): LumenRetailCloud {
  return {
    aws: {
      accountId: LUMEN_RETAIL_AWS_ACCOUNT,
      regions: [EU, US],
      resources: lumenRetailAwsResources(),
    },
    azure: {
      subscriptionId: LUMEN_RETAIL_AZURE_SUBSCRIPTION,
      resources: lumenRetailAzureResources(),
    },
  };
}
