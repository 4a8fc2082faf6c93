import { DurationSummary } from '@internal/plugin-dora-common';
import { Knex } from 'knex';
import { DoraFacts, DoraSummary } from '../metrics';

/** All production environments together. */
export const ALL_PRODUCTION = '';

/**
 * What the org query needs of a group, summed in PostgreSQL: a
 * {@link DoraSummary} with one instant per local date that had a
 * deployment in place of the deploy days per week (computed from them).
 */
export type GroupFactSummary = Omit<DoraSummary, 'deployDaysPerWeek'> & {
  deployDays: Date[];
};

const EMPTY: DurationSummary = {
  count: 0,
  medianSeconds: null,
  p90Seconds: null,
};

/** A group with no facts in the window. */
export function emptyGroupSummary(): GroupFactSummary {
  return {
    deployments: 0,
    failedDeployments: 0,
    unplannedDeployments: 0,
    deployDays: [],
    leadTime: EMPTY,
    coding: EMPTY,
    pickup: EMPTY,
    review: EMPTY,
    deploy: EMPTY,
    recovery: EMPTY,
    restore: EMPTY,
  };
}

const BATCH_SIZE = 1000;

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** `count`, median and p90 of a column, as PostgreSQL's percentile_cont computes them. */
const summary = (column: string, filter = 'TRUE') =>
  `count(${column}) FILTER (WHERE ${filter}) AS ${column}_count,
   percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE ${filter}) AS ${column}_median,
   percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE ${filter}) AS ${column}_p90`;

const readSummary = (row: Record<string, unknown>, column: string) => {
  const count = Number(row[`${column}_count`] ?? 0);
  if (!count) return EMPTY;
  return {
    count,
    medianSeconds: Number(row[`${column}_median`]),
    p90Seconds: Number(row[`${column}_p90`]),
  };
};

/**
 * The facts the metric definitions derive per Component (a rebuildable
 * cache: see migrations/20261129130000_dora_facts.js), which services are
 * stale, and the org query's aggregation over them.
 */
export class DoraFactsStore {
  constructor(private readonly db: Knex) {}

  /** Refreshes the planner's statistics after many facts were replaced. */
  async analyze(): Promise<void> {
    await this.db.raw(
      'ANALYZE dora_deployment_facts, dora_change_facts, dora_incident_facts',
    );
  }

  /** Marks services (entity refs or repositories) stale, e.g. for a rebuild. */
  async markStale(services: string[]): Promise<void> {
    const now = new Date();
    for (const chunk of chunks([...new Set(services)], BATCH_SIZE)) {
      await this.db('dora_stale_services')
        .insert(chunk.map(service => ({ service, marked_at: now })))
        .onConflict('service')
        .ignore();
    }
  }

  async staleServices(
    limit = 10_000,
  ): Promise<{ service: string; markedAt: Date }[]> {
    const rows = await this.db('dora_stale_services')
      .select('service', 'marked_at')
      .orderBy('marked_at')
      .limit(limit);
    return rows.map(row => ({
      service: row.service,
      markedAt: new Date(row.marked_at),
    }));
  }

  async countStale(): Promise<number> {
    const [{ count }] = await this.db('dora_stale_services').count({
      count: '*',
    });
    return Number(count);
  }

  /**
   * Takes a stale service to re-derive: unmarks it and answers whether this
   * caller got it (another replica may have). A write after this marks it
   * stale again, so nothing it writes is missed.
   */
  async claimStale(service: string): Promise<boolean> {
    const deleted = await this.db('dora_stale_services')
      .where({ service })
      .delete();
    return deleted > 0;
  }

  /** Replaces a Component's facts for each scope environment given. */
  async replaceFacts(
    entityRef: string,
    byEnvironment: Map<string, DoraFacts>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const table of [
        'dora_deployment_facts',
        'dora_change_facts',
        'dora_incident_facts',
      ]) {
        await tx(table).where({ entity_ref: entityRef }).delete();
      }
      for (const [environment, facts] of byEnvironment) {
        for (const chunk of chunks(facts.deployments, BATCH_SIZE)) {
          await tx('dora_deployment_facts').insert(
            chunk.map(d => ({
              entity_ref: entityRef,
              scope_environment: environment,
              deployment_id: d.id,
              finished_at: d.finishedAt,
              failed: d.failed,
              recovery_seconds: d.recoverySeconds,
              unplanned: d.unplanned,
            })),
          );
        }
        for (const chunk of chunks(facts.changes, BATCH_SIZE)) {
          await tx('dora_change_facts').insert(
            chunk.map(c => ({
              entity_ref: entityRef,
              scope_environment: environment,
              change_id: c.id,
              deployment_id: c.deploymentId,
              deployed_at: c.deployedAt,
              lead_seconds: c.leadSeconds,
              coding_seconds: c.codingSeconds,
              pickup_seconds: c.pickupSeconds,
              review_seconds: c.reviewSeconds,
              deploy_seconds: c.deploySeconds,
            })),
          );
        }
        if (environment !== ALL_PRODUCTION) continue;
        for (const chunk of chunks(facts.incidents, BATCH_SIZE)) {
          await tx('dora_incident_facts').insert(
            chunk.map(i => ({
              entity_ref: entityRef,
              incident_id: i.id,
              opened_at: i.openedAt,
              restore_seconds: i.restoreSeconds,
            })),
          );
        }
      }
    });
  }

  /**
   * Each group's summary over [from, to): the same counts and percentiles
   * `summarizeFacts` computes, in PostgreSQL. `owners` maps Component entity
   * refs to the groups that own them.
   */
  async summarizeGroups(
    owners: { entityRef: string; group: string }[],
    options: {
      window: { from: Date; to: Date };
      environment: string;
      timeZone: string;
    },
  ): Promise<Map<string, GroupFactSummary>> {
    const { from, to } = options.window;
    // Groups travel as numbers: grouping and sorting by an integer is far
    // cheaper than by a collated string.
    const groupNames = [...new Set(owners.map(o => o.group))];
    const groupIndex = new Map(groupNames.map((name, i) => [name, i]));
    const ownersCte = this.db.raw(
      'SELECT * FROM unnest(?::text[], ?::int[]) AS o(entity_ref, grp)',
      [owners.map(o => o.entityRef), owners.map(o => groupIndex.get(o.group)!)],
    );
    const base = (table: string, timeColumn: string, scoped = true) =>
      this.db
        .with('owners', ownersCte)
        .from({ f: table })
        .join('owners as o', 'o.entity_ref', 'f.entity_ref')
        .where(`f.${timeColumn}`, '>=', from)
        .where(`f.${timeColumn}`, '<', to)
        .modify(query => {
          if (scoped) {
            query.where('f.scope_environment', options.environment);
          }
        })
        .groupBy('o.grp');

    const [deploymentRows, dayRows, changeRows, incidentRows] =
      await Promise.all([
        base('dora_deployment_facts', 'finished_at').select(
          'o.grp',
          this.db.raw(`count(*) AS deployments,
            count(*) FILTER (WHERE failed) AS failed,
            count(*) FILTER (WHERE unplanned) AS unplanned,
            ${summary('recovery_seconds', 'failed')}`),
        ),
        base('dora_deployment_facts', 'finished_at')
          .groupByRaw('(f.finished_at AT TIME ZONE ?)::date', [
            options.timeZone,
          ])
          .select('o.grp', this.db.raw('min(f.finished_at) AS first_at')),
        base('dora_change_facts', 'deployed_at').select(
          'o.grp',
          this.db.raw(
            [
              'lead_seconds',
              'coding_seconds',
              'pickup_seconds',
              'review_seconds',
              'deploy_seconds',
            ]
              .map(column => summary(column))
              .join(',\n'),
          ),
        ),
        base('dora_incident_facts', 'opened_at', false).select(
          'o.grp',
          this.db.raw(summary('restore_seconds')),
        ),
      ]);

    const groups = new Map<string, GroupFactSummary>();
    const of = (index: number) => {
      const group = groupNames[index];
      let found = groups.get(group);
      if (!found) {
        found = emptyGroupSummary();
        groups.set(group, found);
      }
      return found;
    };
    for (const row of deploymentRows as Record<string, any>[]) {
      const group = of(row.grp);
      group.deployments = Number(row.deployments);
      group.failedDeployments = Number(row.failed);
      group.unplannedDeployments = Number(row.unplanned);
      group.recovery = readSummary(row, 'recovery_seconds');
    }
    for (const row of dayRows as Record<string, any>[]) {
      of(row.grp).deployDays.push(new Date(row.first_at));
    }
    for (const row of changeRows as Record<string, any>[]) {
      const group = of(row.grp);
      group.leadTime = readSummary(row, 'lead_seconds');
      group.coding = readSummary(row, 'coding_seconds');
      group.pickup = readSummary(row, 'pickup_seconds');
      group.review = readSummary(row, 'review_seconds');
      group.deploy = readSummary(row, 'deploy_seconds');
    }
    for (const row of incidentRows as Record<string, any>[]) {
      of(row.grp).restore = readSummary(row, 'restore_seconds');
    }
    return groups;
  }
}
