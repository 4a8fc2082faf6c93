import { IngestionProblem } from '@internal/plugin-catalog-ingestion-node';

export type CloudProvider = 'aws' | 'azure';

/** A cloud resource in provider-neutral terms. */
export type CloudResource = {
  provider: CloudProvider;
  /** AWS account id or Azure subscription id. */
  account: string;
  /** AWS region or Azure location. */
  region: string;
  /** The ARN or Azure resource id. */
  id: string;
  /** `rds`, `sqs`, … or `microsoft.documentdb`, … (lower case). */
  service: string;
  /** `db`, `table`, … (empty when the ARN has none) or `databaseaccounts`, … (lower case). */
  resourceType: string;
  name: string;
  tags: Record<string, string>;
};

/** What one source listed: the resources, and the records it had to skip. */
export type SourceListing = {
  resources: CloudResource[];
  problems: IngestionProblem[];
  /** HTTP requests made, retries included. */
  requests: number;
};

/**
 * Somewhere cloud resources are listed from: one AWS region of an account,
 * one Azure subscription. `listResources` lists everything or rejects; it
 * never resolves with part of a listing.
 */
export interface CloudResourceSource {
  readonly kind: CloudProvider;
  /** For people: `210987654321/eu-west-1`, a subscription id. */
  readonly target: string;
  listResources(): Promise<SourceListing>;
}
