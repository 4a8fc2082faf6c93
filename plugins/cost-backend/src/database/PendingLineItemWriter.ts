import { Allocation, FocusLineItem } from '@internal/plugin-cost-common';
import { once } from 'events';
import { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'stream';
import { copyTextField } from './copyText';

/** The columns of cost_line_items in the order rows are written. */
const COPY_COLUMNS = [
  'import_id',
  'source',
  'billing_period_start',
  'billing_period_end',
  'charge_period_start',
  'charge_period_end',
  'charge_category',
  'billed_cost',
  'effective_cost',
  'list_cost',
  'billing_currency',
  'provider_name',
  'service_name',
  'service_category',
  'sub_account_id',
  'region_id',
  'resource_id',
  'resource_type',
  'tags',
  'entity_ref',
  'owner_ref',
  'environment',
].join(', ');

/** Bytes of rows sent to the server in one COPY message. */
const CHUNK_BYTES = 256 * 1024;

/** A month as a number (year × 12 + month index), the key of its partition. */
const monthNumber = (date: Date) =>
  date.getUTCFullYear() * 12 + date.getUTCMonth();

export const partitionName = (month: number) =>
  `cost_line_items_y${Math.floor(month / 12)}m${String(
    (month % 12) + 1,
  ).padStart(2, '0')}`;

/**
 * Streams one import's line items into cost_line_items with COPY, on one
 * connection, in COPY statements of their own: the rows stay invisible to
 * readers (their import is not succeeded) until the import is published in
 * one transaction. A month without a partition yet gets one first (created
 * and attached in its own short transaction, which readers do not wait for).
 */
export class PendingLineItemWriter {
  private connection: any;
  private copy?: Writable;
  private copyDone?: Promise<void>;
  private copyError?: Error;
  private buffer = '';
  private readonly months = new Set<number>();
  private readonly billingPeriods = new Map<number, Date>();
  private rowCount = 0;
  private readonly isoTexts = new Map<number, string>();
  private closed = false;

  private constructor(
    private readonly knex: Knex,
    private readonly importId: string,
    private readonly sourcePrefix: string,
  ) {}

  static async open(
    knex: Knex,
    importId: string,
    source: string,
  ): Promise<PendingLineItemWriter> {
    const writer = new PendingLineItemWriter(
      knex,
      importId,
      `${copyTextField(importId)}\t${copyTextField(source)}\t`,
    );
    const partitions = await knex
      .select<{ relname: string }[]>('c.relname')
      .from({ i: 'pg_inherits' })
      .join({ c: 'pg_class' }, 'c.oid', 'i.inhrelid')
      .whereRaw(`i.inhparent = 'cost_line_items'::regclass`);
    for (const { relname } of partitions) {
      const match = /^cost_line_items_y(\d{4})m(\d{2})$/.exec(relname);
      if (match)
        writer.months.add(Number(match[1]) * 12 + Number(match[2]) - 1);
    }
    writer.connection = await (knex.client as any).acquireConnection();
    return writer;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** The starts of the billing periods of the rows written, in order. */
  writtenBillingPeriods(): Date[] {
    return [...this.billingPeriods.values()].sort(
      (a, b) => a.getTime() - b.getTime(),
    );
  }

  /**
   * Buffers one row; a promise (to wait for) only when the buffer is sent
   * or a month needs its partition first.
   */
  write(
    item: FocusLineItem,
    allocation: Allocation,
    /** `JSON.stringify(item.tags)`, which the caller may have at hand. */
    tagsJson: string = JSON.stringify(item.tags),
  ): Promise<void> | undefined {
    const month = monthNumber(item.chargePeriodStart);
    if (!this.months.has(month)) {
      return this.addMonth(month).then(() =>
        this.write(item, allocation, tagsJson),
      );
    }
    const period = item.billingPeriodStart.getTime();
    if (!this.billingPeriods.has(period)) {
      this.billingPeriods.set(period, item.billingPeriodStart);
    }
    this.buffer += `${this.sourcePrefix}${this.iso(
      item.billingPeriodStart,
    )}\t${this.iso(item.billingPeriodEnd)}\t${this.iso(
      item.chargePeriodStart,
    )}\t${this.iso(item.chargePeriodEnd)}\t${item.chargeCategory}\t${
      item.billedCost
    }\t${item.effectiveCost}\t${item.listCost}\t${
      item.billingCurrency
    }\t${copyTextField(item.providerName)}\t${copyTextField(
      item.serviceName,
    )}\t${copyTextField(item.serviceCategory)}\t${copyTextField(
      item.subAccountId,
    )}\t${copyTextField(item.regionId)}\t${copyTextField(
      item.resourceId,
    )}\t${copyTextField(item.resourceType)}\t${copyTextField(
      tagsJson,
    )}\t${copyTextField(allocation.entityRef)}\t${copyTextField(
      allocation.ownerRef,
    )}\t${copyTextField(allocation.environment)}\n`;
    this.rowCount++;
    return this.buffer.length >= CHUNK_BYTES ? this.send() : undefined;
  }

  /** Sends what is buffered and ends the COPY; the rows are then in the table (invisible). */
  async close(): Promise<void> {
    await this.send();
    await this.endCopy();
    this.release();
  }

  /** Stops writing and deletes what was written. */
  async discard(): Promise<void> {
    this.buffer = '';
    if (this.copy) {
      // A destroyed COPY sends CopyFail: the statement's rows roll back.
      this.copy.destroy(new Error('cost import discarded'));
      await this.copyDone?.catch(() => undefined);
      this.copy = undefined;
    }
    this.release();
    const periods = this.writtenBillingPeriods();
    if (periods.length > 0) {
      await this.knex('cost_line_items')
        .where('import_id', this.importId)
        .whereIn('billing_period_start', periods)
        .delete();
    }
  }

  /** ISO 8601 of a period boundary; a file repeats a few hundred of them. */
  private iso(date: Date): string {
    const time = date.getTime();
    let text = this.isoTexts.get(time);
    if (text === undefined) {
      text = date.toISOString();
      if (this.isoTexts.size >= 10_000) this.isoTexts.clear();
      this.isoTexts.set(time, text);
    }
    return text;
  }

  private release() {
    if (this.closed) return;
    this.closed = true;
    (this.knex.client as any).releaseConnection(this.connection);
  }

  private async send() {
    if (this.buffer === '') return;
    if (!this.copy) {
      const copy: Writable = this.connection.query(
        copyFrom(`COPY cost_line_items (${COPY_COLUMNS}) FROM STDIN`),
      );
      this.copy = copy;
      this.copyDone = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', error => {
          this.copyError = error;
          reject(error);
        });
      });
      // Awaited in endCopy/discard; a failure meanwhile surfaces at the next write.
      this.copyDone.catch(() => undefined);
    }
    if (this.copyError) throw this.copyError;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.copy.write(chunk)) {
      const drained = once(this.copy, 'drain');
      drained.catch(() => undefined);
      await Promise.race([drained, this.copyDone]);
    }
  }

  private async endCopy() {
    if (!this.copy) return;
    this.copy.end();
    await this.copyDone;
    this.copy = undefined;
  }

  /**
   * Creates and attaches the month's partition. The running COPY ends first:
   * a statement routes rows only to the partitions there were when it began.
   * ATTACH takes SHARE UPDATE EXCLUSIVE on cost_line_items, so neither
   * readers nor other imports' COPYs wait; the advisory lock makes a
   * concurrent import of the same month wait and then find it.
   */
  private async addMonth(month: number) {
    await this.send();
    await this.endCopy();
    const name = partitionName(month);
    const from = new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
    const to = new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 1));
    await this.knex.transaction(async trx => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `paved-cost:${name}`,
      ]);
      const { rows } = await trx.raw('SELECT to_regclass(?) AS oid', [name]);
      if (rows[0].oid) return;
      await trx.raw(
        'CREATE TABLE ?? (LIKE cost_line_items INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
        [name],
      );
      // DDL takes no parameters; the bounds are ISO dates made here.
      await trx.raw(
        `ALTER TABLE cost_line_items ATTACH PARTITION ?? FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
        [name],
      );
    });
    this.months.add(month);
  }
}
