import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { CostImport, FocusLineItem } from '@internal/plugin-cost-common';
import { AwsCostExplorerImportConfig } from '../../config/readCostConfig';
import { ApiLineItemImporter, LineItemSink } from '../ApiLineItemImporter';
import { importMonths } from '../importMonths';
import { awsServiceCategory } from './awsServiceCategory';

const DAY_MS = 86_400_000;

/** What trends use (amortised) and what reconciles with the invoice. */
const EFFECTIVE_METRIC = 'AmortizedCost';
const BILLED_METRIC = 'UnblendedCost';

const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

const dayText = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The SDK's error, as a sentence naming the request. */
function describeError(error: unknown, what: string): Error {
  const e = error as Error & { $metadata?: { attempts?: number } };
  const attempts = e.$metadata?.attempts;
  return new Error(
    `AWS Cost Explorer refused GetCostAndUsage for ${what}: ${e.name}: ${
      e.message
    }${attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
  );
}

/**
 * Imports an AWS account's Cost Explorer (`cost.imports.awsCostExplorer`)
 * with `GetCostAndUsage`: daily, grouped by SERVICE and the cost-allocation
 * tag `tagKey`, one FOCUS line item per day, service and tag value
 * (EffectiveCost = AmortizedCost, BilledCost = UnblendedCost; Cost
 * Explorer has no list price, so ListCost is the unblended cost). Whole
 * months are re-imported each run; each month is asked for in windows of
 * `windowDays`, every page read. Throttling (`LimitExceededException`) and
 * 5xx are retried by the SDK with exponential backoff up to `maxAttempts`;
 * a month Cost Explorer has no data for (`DataUnavailableException`, an
 * account younger than the range) is left as it was.
 */
export class AwsCostExplorerImporter {
  private readonly client: CostExplorerClient;

  constructor(
    private readonly config: AwsCostExplorerImportConfig,
    private readonly deps: {
      importer: ApiLineItemImporter;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.client = new CostExplorerClient({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      maxAttempts: config.maxAttempts,
      retryMode: 'standard',
    });
  }

  get id(): string {
    return `cost-import-aws-cost-explorer-${this.config.source}`;
  }

  async run(): Promise<CostImport> {
    const { config, deps } = this;
    const now = deps.now?.() ?? new Date();
    const { billingPeriods, from, to } = importMonths(now, config.months);
    return deps.importer.run({
      source: config.source,
      description: `AWS Cost Explorer (${config.region}${
        config.endpoint ? `, ${config.endpoint}` : ''
      }) ${dayText(from.getTime())} – ${dayText(to.getTime())}`,
      pull: async ({ sink }) => {
        const today =
          Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) +
          DAY_MS;
        const complete: Date[] = [];
        for (const period of billingPeriods) {
          const monthEnd = Date.UTC(
            period.getUTCFullYear(),
            period.getUTCMonth() + 1,
            1,
          );
          const read = await this.importMonth(
            sink,
            period.getTime(),
            Math.min(monthEnd, today),
          );
          if (read) complete.push(period);
        }
        return { billingPeriods: complete };
      },
    });
  }

  /** One month, window by window; false when Cost Explorer has no data for it. */
  private async importMonth(
    sink: LineItemSink,
    from: number,
    to: number,
  ): Promise<boolean> {
    const { windowDays, tagKey } = this.config;
    for (let start = from; start < to; start += windowDays * DAY_MS) {
      const end = Math.min(start + windowDays * DAY_MS, to);
      const what =
        end - start === DAY_MS
          ? dayText(start)
          : `${dayText(start)} to ${dayText(end - DAY_MS)}`;
      let nextPageToken: string | undefined;
      do {
        let page: GetCostAndUsageCommandOutput;
        try {
          page = await this.client.send(
            new GetCostAndUsageCommand({
              TimePeriod: { Start: dayText(start), End: dayText(end) },
              Granularity: 'DAILY',
              Metrics: [EFFECTIVE_METRIC, BILLED_METRIC],
              GroupBy: [
                { Type: 'DIMENSION', Key: 'SERVICE' },
                { Type: 'TAG', Key: tagKey },
              ],
              NextPageToken: nextPageToken,
            }),
          );
        } catch (error) {
          if ((error as Error).name === 'DataUnavailableException') {
            this.deps.logger.info(
              `Cost Explorer has no data for ${what}: the month is left as it was`,
            );
            return false;
          }
          throw describeError(error, what);
        }
        for (const result of page.ResultsByTime ?? []) {
          for (const group of result.Groups ?? []) {
            await sink.write(this.lineItem(result.TimePeriod?.Start, group));
          }
        }
        nextPageToken = page.NextPageToken;
      } while (nextPageToken);
    }
    return true;
  }

  private lineItem(
    day: string | undefined,
    group: {
      Keys?: string[];
      Metrics?: Record<string, { Amount?: string; Unit?: string }>;
    },
  ): FocusLineItem {
    const [serviceName, tagGroup] = group.Keys ?? [];
    const effective = group.Metrics?.[EFFECTIVE_METRIC];
    const billed = group.Metrics?.[BILLED_METRIC];
    if (
      !day ||
      !serviceName ||
      !DECIMAL.test(effective?.Amount ?? '') ||
      !DECIMAL.test(billed?.Amount ?? '') ||
      !/^[A-Z]{3}$/.test(billed?.Unit ?? '') ||
      effective?.Unit !== billed?.Unit
    ) {
      throw new Error(
        `AWS Cost Explorer answered a group that is not a day's cost by service and tag: ${JSON.stringify(
          { day, group },
        ).slice(0, 300)}`,
      );
    }
    const start = new Date(`${day}T00:00:00Z`);
    // Tag groups read `<key>$<value>`; `<key>$` is untagged.
    const tagValue = tagGroup?.slice(tagGroup.indexOf('$') + 1) ?? '';
    const billedCost = billed!.Amount!;
    return {
      billingPeriodStart: new Date(
        Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1),
      ),
      billingPeriodEnd: new Date(
        Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1),
      ),
      chargePeriodStart: start,
      chargePeriodEnd: new Date(start.getTime() + DAY_MS),
      billedCost,
      effectiveCost: effective!.Amount!,
      listCost: billedCost,
      billingCurrency: billed!.Unit!,
      // Grouped by service, a credit is the service's negative cost.
      chargeCategory: billedCost.startsWith('-') ? 'Credit' : 'Usage',
      providerName: 'AWS',
      serviceName,
      serviceCategory: awsServiceCategory(serviceName),
      subAccountId: null,
      regionId: null,
      resourceId: null,
      resourceType: null,
      tags: tagValue ? { [this.config.tagKey]: tagValue } : {},
    };
  }
}
