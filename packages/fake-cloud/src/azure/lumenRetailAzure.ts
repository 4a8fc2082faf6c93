import { FakeAzureResource } from './types';

/** Lumen Retail's Azure subscription (a few services run there). */
export const LUMEN_RETAIL_AZURE_SUBSCRIPTION =
  '00000000-0000-0000-0000-00000000a11c';

const resourceId = (group: string, type: string, name: string) =>
  `/subscriptions/${LUMEN_RETAIL_AZURE_SUBSCRIPTION}/resourceGroups/${group}/providers/${type}/${name}`;

const tagged = (service: string, team: string, env = 'production') => ({
  service,
  team,
  env,
});

/**
 * Lumen Retail's Azure resources, tagged like the AWS ones (service, team,
 * env) for the components in catalog-info/, plus two nobody tagged.
 */
export function lumenRetailAzureResources(): FakeAzureResource[] {
  return [
    {
      id: resourceId(
        'rg-discovery-prod',
        'Microsoft.DocumentDB/databaseAccounts',
        'lumen-recommendations-cosmos',
      ),
      location: 'westeurope',
      kind: 'GlobalDocumentDB',
      tags: tagged('recommendations-service', 'discovery-squad'),
    },
    {
      id: resourceId(
        'rg-discovery-prod',
        'Microsoft.Storage/storageAccounts',
        'lumenproductmedia',
      ),
      location: 'westeurope',
      kind: 'StorageV2',
      tags: tagged('product-service', 'discovery-squad'),
    },
    {
      id: resourceId(
        'rg-fulfilment-prod',
        'Microsoft.ServiceBus/namespaces',
        'lumen-fulfilment-bus',
      ),
      location: 'westeurope',
      tags: tagged('shipping-service', 'fulfilment-squad'),
    },
    {
      id: resourceId(
        'rg-discovery-prod',
        'Microsoft.Cache/Redis',
        'lumen-search-suggestions',
      ),
      location: 'westeurope',
      // No team tag: the owner comes from the component.
      tags: { service: 'search-service', env: 'production' },
    },
    {
      id: resourceId(
        'rg-identity-staging',
        'Microsoft.Web/sites',
        'lumen-identity-webhooks-stg',
      ),
      location: 'northeurope',
      kind: 'functionapp',
      tags: tagged('identity-service', 'identity-squad', 'staging'),
    },
    {
      id: resourceId(
        'rg-checkout-prod',
        'Microsoft.KeyVault/vaults',
        'lumen-payments-kv',
      ),
      location: 'westeurope',
      tags: tagged('payments-service', 'checkout-squad'),
    },
    // Nobody tagged these.
    {
      id: resourceId(
        'rg-sandbox',
        'Microsoft.Storage/storageAccounts',
        'lumenscratch01',
      ),
      location: 'westeurope',
      kind: 'StorageV2',
      tags: null,
    },
    {
      id: resourceId('rg-sandbox', 'Microsoft.Sql/servers', 'lumen-bi-sandbox'),
      location: 'westeurope',
      tags: { env: 'staging', 'created-by': 'chen.wei' },
    },
  ];
}
