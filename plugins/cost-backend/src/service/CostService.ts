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
  RightSizingQuery,
  RightSizingResponse,
  RightSizingContainer,
  rightSizeContainer,
  centsToAmount,
  CostSourcesResponse,
} from '@internal/plugin-cost-common';
import { CostConfig } from '../config/readCostConfig';
import { CostAnomalyStore } from '../database/CostAnomalyStore';
import { CostImportStore } from '../database/CostImportStore';
import { CostReportStore } from '../database/CostReportStore';
import { ContainerUsageStore } from '../database/ContainerUsageStore';
import { costSourceStatus, KnownSource } from './sourceStatus';
import { FocusFileImporter, FocusFileInput } from '../import/FocusFileImporter';

const byCurrency = <T extends { currency: string }>(a: T, b: T) =>
  a.currency.localeCompare(b.currency);

/** The cost API's answers, from the stores and the pure cost functions. */
export class CostService {
  constructor(
    private readonly deps: {
      reports: CostReportStore;
      anomalies: CostAnomalyStore;
      imports: CostImportStore;
      importer: FocusFileImporter;
      usage: ContainerUsageStore;
      config: CostConfig;
    },
  ) {}

  /**
   * Right-sizing of every workload container (of a Component or an owner)
   * over the configured days up to the last day with usage: requests
   * against use, the suggested requests and what they save a month.
   */
  async rightSizing(query: RightSizingQuery): Promise<RightSizingResponse> {
    const { days, ...rules } = this.deps.config.rightSizing;
    const ruleSummary = {
      cpuHeadroomPercent: Math.round(rules.cpuHeadroom * 100),
      memoryHeadroomPercent: Math.round(rules.memoryHeadroom * 100),
      minChangePercent: Math.round(rules.minChange * 100),
      minDays: rules.minDays,
      days,
    };
    const asOf = await this.deps.usage.lastDay();
    if (!asOf) {
      return {
        asOf: null,
        from: null,
        to: null,
        rules: ruleSummary,
        containers: [],
        tooNew: 0,
        totals: [],
      };
    }
    const to = formatDay(new Date(parseDay(asOf)!.getTime() + DAY_MS));
    const from = formatDay(
      new Date(parseDay(asOf)!.getTime() - (days - 1) * DAY_MS),
    );
    const summaries = await this.deps.usage.summaries({
      from,
      to,
      entityRef: query.entityRef?.toLocaleLowerCase('en-US'),
      ownerRef: query.owner?.toLocaleLowerCase('en-US'),
    });
    const containers: RightSizingContainer[] = [];
    let tooNew = 0;
    const savingCents = new Map<string, number>();
    for (const summary of summaries) {
      const sizing = rightSizeContainer(summary, rules);
      if (!sizing) {
        tooNew++;
        continue;
      }
      const cents = Math.round(sizing.monthlySaving * 100);
      savingCents.set(
        summary.currency,
        (savingCents.get(summary.currency) ?? 0) + cents,
      );
      containers.push({
        cluster: summary.cluster,
        namespace: summary.namespace,
        controllerKind: summary.controllerKind,
        controller: summary.controller,
        container: summary.container,
        workloadRef: summary.workloadRef,
        entityRef: summary.entityRef,
        ownerRef: summary.ownerRef,
        environment: summary.environment,
        currency: summary.currency,
        days: sizing.days,
        replicas: sizing.replicas,
        cpu: sizing.cpu,
        memory: sizing.memory,
        monthlySaving: {
          currency: summary.currency,
          amount: centsToAmount(cents),
        },
      });
    }
    const risk = (c: RightSizingContainer) =>
      (c.memory.action === 'increase' ? 2 : 0) +
      (c.cpu.action === 'increase' ? 1 : 0);
    containers.sort(
      (a, b) =>
        risk(b) - risk(a) ||
        Number(b.monthlySaving.amount) - Number(a.monthlySaving.amount) ||
        a.controller.localeCompare(b.controller),
    );
    return {
      asOf,
      from,
      to,
      rules: ruleSummary,
      containers,
      tooNew,
      totals: [...savingCents.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, cents]) => ({
          currency,
          monthlySaving: { currency, amount: centsToAmount(cents) },
        })),
    };
  }

  /** Every source of cost data, configured or uploaded, and whether its data is stale and why. */
  async sources(now: Date = new Date()): Promise<CostSourcesResponse> {
    const { imports: config } = this.deps.config;
    const known = new Map<string, KnownSource>();
    for (const file of config.focusFiles) {
      known.set(file.source, {
        source: file.source,
        kind: 'focus-file',
        location: file.path,
      });
    }
    for (const entry of config.openCost) {
      known.set(entry.source, {
        source: entry.source,
        kind: 'opencost',
        location: `${entry.baseUrl} (cluster ${entry.cluster})`,
      });
    }
    for (const entry of config.awsCostExplorer) {
      known.set(entry.source, {
        source: entry.source,
        kind: 'aws-cost-explorer',
        location: entry.endpoint ?? `Cost Explorer (${entry.region})`,
      });
    }
    const latest = new Map(
      (await this.deps.imports.latestBySource()).map(entry => [
        entry.source,
        entry,
      ]),
    );
    for (const source of latest.keys()) {
      if (!known.has(source)) {
        known.set(source, { source, kind: 'upload', location: null });
      }
    }
    const sources = [...known.values()].map(entry =>
      costSourceStatus({
        known: entry,
        lastImport: latest.get(entry.source)?.latest,
        lastSucceeded: latest.get(entry.source)?.lastSucceeded,
        staleAfterHours: config.staleAfterHours,
        now,
      }),
    );
    sources.sort(
      (a, b) =>
        Number(b.stale) - Number(a.stale) || a.source.localeCompare(b.source),
    );
    return { staleAfterHours: config.staleAfterHours, sources };
  }

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
      byProvider: toCostGroups(rows.byProvider, main),
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
