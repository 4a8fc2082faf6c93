import { NotFoundError } from '@backstage/errors';
import {
  AnomaliesQuery,
  AnomalyReviewBody,
  CostAnomaliesResponse,
  CostAnomalyReview,
  DAY_MS,
  DEFAULT_ANOMALY_PARAMETERS,
  detectCostAnomalies,
  parseDay,
  addMonths,
  computeMonthOverMonth,
  CostImport,
  costByCurrency,
  CostSummaryResponse,
  CostTrendResponse,
  computeNonProduction,
  EntityCostQuery,
  EntityCostResponse,
  formatDay,
  formatMonth,
  mainCurrencyOf,
  MonthOverMonthQuery,
  MonthOverMonthResponse,
  NonProductionQuery,
  NonProductionResponse,
  periodStarts,
  SummaryQuery,
  toCostGroups,
  toTrendPoints,
  TrendQuery,
  UnallocatedQuery,
  UnallocatedResponse,
} from '@internal/plugin-cost-common';
import { CostConfig } from '../config/readCostConfig';
import { CostAnomalyStore } from '../database/CostAnomalyStore';
import { CostImportStore } from '../database/CostImportStore';
import { CostReportStore } from '../database/CostReportStore';
import { FocusCsvImporter, FocusFileInput } from '../import/FocusCsvImporter';

const byCurrency = <T extends { currency: string }>(a: T, b: T) =>
  a.currency.localeCompare(b.currency);

/** The cost API's answers, from the stores and the pure cost functions. */
export class CostService {
  constructor(
    private readonly deps: {
      reports: CostReportStore;
      anomalies: CostAnomalyStore;
      imports: CostImportStore;
      importer: FocusCsvImporter;
      config: CostConfig;
    },
  ) {}

  async summary(query: SummaryQuery): Promise<CostSummaryResponse> {
    const rows = await this.deps.reports.summary(
      query,
      query.groupBy,
      query.currency,
    );
    const totals = rows
      .filter(row => row.total)
      .map(costByCurrency)
      .sort(byCurrency);
    return {
      from: formatDay(query.from),
      to: formatDay(query.to),
      groupBy: query.groupBy,
      totals,
      groups: toCostGroups(
        rows.filter(row => !row.total),
        mainCurrencyOf(totals),
      ),
    };
  }

  /**
   * The non-production share of the range's EffectiveCost and the saving
   * from running non-production only in working hours, per currency, from
   * the summary by environment.
   */
  async nonProduction(
    query: NonProductionQuery,
  ): Promise<NonProductionResponse> {
    const rows = await this.deps.reports.summary(query, 'environment');
    const { offHours } = this.deps.config;
    return {
      from: formatDay(query.from),
      to: formatDay(query.to),
      ...computeNonProduction({
        costs: rows
          .filter(row => !row.total)
          .map(row => ({
            environment: row.key,
            currency: row.currency,
            amount: row.effectiveCost,
          })),
        productionEnvironments: offHours.productionEnvironments,
        workingHours: offHours.workingHours,
        days: (query.to.getTime() - query.from.getTime()) / DAY_MS,
      }),
    };
  }

  async trend(query: TrendQuery): Promise<CostTrendResponse> {
    const rows = await this.deps.reports.trend(query, query.interval, {
      entityRef: query.entityRef,
      ownerRef: query.owner,
    });
    const format = query.interval === 'day' ? formatDay : formatMonth;
    return {
      from: formatDay(query.from),
      to: formatDay(query.to),
      interval: query.interval,
      points: toTrendPoints(
        rows,
        periodStarts(query, query.interval).map(format),
      ),
    };
  }

  async monthOverMonth(
    query: MonthOverMonthQuery,
  ): Promise<MonthOverMonthResponse> {
    const previousMonth = addMonths(query.month, -1);
    const { costs, coverage } = await this.deps.reports.monthlyCosts(
      [previousMonth, query.month],
      query.groupBy,
    );
    const coverageOf = (month: Date) =>
      coverage.find(c => c.month === formatMonth(month));
    return {
      groupBy: query.groupBy,
      ...computeMonthOverMonth({
        month: query.month,
        previous: costs.filter(c => c.month === formatMonth(previousMonth)),
        current: costs.filter(c => c.month === formatMonth(query.month)),
        previousCoverage: coverageOf(previousMonth),
        currentCoverage: coverageOf(query.month),
        thresholdPercent: this.deps.config.monthOverMonth.thresholdPercent,
      }),
    };
  }

  async unallocated(query: UnallocatedQuery): Promise<UnallocatedResponse> {
    const { totals, resources } = await this.deps.reports.unallocated(
      query,
      query.limit,
    );
    return {
      from: formatDay(query.from),
      to: formatDay(query.to),
      totals: totals.map(costByCurrency).sort(byCurrency),
      resources: resources.map(({ currency, ...resource }) => ({
        ...resource,
        effectiveCost: { currency, amount: resource.effectiveCost },
        billedCost: { currency, amount: resource.billedCost },
      })),
    };
  }

  /** A Component's cost, or (kind group) the cost of what a Group owns. */
  async entityCost(
    namespace: string,
    name: string,
    query: EntityCostQuery,
  ): Promise<EntityCostResponse> {
    const entityRef = `${query.kind}:${namespace}/${name}`.toLocaleLowerCase(
      'en-US',
    );
    const rows = await this.deps.reports.entityCost(
      query,
      query.kind === 'group' ? { ownerRef: entityRef } : { entityRef },
    );
    const totals = rows.totals.map(costByCurrency).sort(byCurrency);
    const main = mainCurrencyOf(totals);
    return {
      entityRef,
      from: formatDay(query.from),
      to: formatDay(query.to),
      totals,
      byEnvironment: toCostGroups(rows.byEnvironment, main),
      byCategory: toCostGroups(rows.byCategory, main),
      byMonth: toTrendPoints(
        rows.byMonth,
        periodStarts(query, 'month').map(formatMonth),
      ),
      daily: toTrendPoints(
        rows.daily,
        periodStarts(query, 'day').map(formatDay),
      ),
    };
  }

  /**
   * The anomalies of the `days` days up to the last day with data, each
   * judged against the baseline window before it; dismissed ones and those
   * snoozed past today are left out unless `all`.
   */
  async anomalies(
    query: AnomaliesQuery,
    now: Date = new Date(),
  ): Promise<CostAnomaliesResponse> {
    const asOf = await this.deps.anomalies.lastDay();
    if (!asOf) {
      return { groupBy: query.groupBy, asOf: null, from: null, anomalies: [] };
    }
    const last = parseDay(asOf)!;
    const from = new Date(last.getTime() - (query.days - 1) * DAY_MS);
    const series = await this.deps.anomalies.dailySeries(
      {
        from: new Date(
          from.getTime() - DEFAULT_ANOMALY_PARAMETERS.baselineDays * DAY_MS,
        ),
        to: new Date(last.getTime() + DAY_MS),
      },
      query.groupBy,
    );
    const detected = detectCostAnomalies({
      series,
      from: formatDay(from),
      to: asOf,
    });
    const reviews = new Map<string, CostAnomalyReview>();
    const idOf = (a: { key: string; currency: string; date: string }) =>
      `${a.key}\u0000${a.currency}\u0000${a.date}`;
    for (const review of await this.deps.anomalies.reviews(
      formatDay(from),
      asOf,
    )) {
      reviews.set(idOf(review), review);
    }
    const today = formatDay(now);
    const anomalies = detected
      .map(anomaly => ({
        ...anomaly,
        review: reviews.get(idOf(anomaly)) ?? null,
      }))
      .filter(
        ({ review }) =>
          query.all ||
          !review ||
          review.status === 'accepted' ||
          (review.status === 'snoozed' && review.snoozedUntil! <= today),
      );
    return { groupBy: query.groupBy, asOf, from: formatDay(from), anomalies };
  }

  reviewAnomaly(
    body: AnomalyReviewBody,
    reviewedBy: string,
  ): Promise<CostAnomalyReview> {
    return this.deps.anomalies.review(body, reviewedBy, new Date());
  }

  imports(limit: number): Promise<CostImport[]> {
    return this.deps.imports.list(limit);
  }

  async import(id: string): Promise<CostImport> {
    const found = await this.deps.imports.get(id);
    if (!found) throw new NotFoundError(`No cost import ${id}`);
    return found;
  }

  importFile(file: FocusFileInput): Promise<CostImport> {
    return this.deps.importer.importFile(file);
  }
}
