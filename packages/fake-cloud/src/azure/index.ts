export type {
  FakeAzureFault,
  FakeAzureRequest,
  FakeAzureResource,
  FakeAzureResourceGraphOptions,
  FakeAzureResourceGraphServer,
} from './types';
export { startFakeAzureResourceGraph } from './startFakeAzureResourceGraph';
export { selfSignedCertificate } from './selfSignedCertificate';
export {
  LUMEN_RETAIL_AZURE_SUBSCRIPTION,
  lumenRetailAzureResources,
} from './lumenRetailAzure';
