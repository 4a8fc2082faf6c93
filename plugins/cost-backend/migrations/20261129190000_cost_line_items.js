// @ts-check

/**
 * Cost line items (plugins/cost-backend).
 * - cost_imports: one row per import of a file (source, file, status,
 *   billing periods it replaced, rows, the first problems by line).
 * - cost_line_items: FOCUS line items, partitioned by calendar month (UTC)
 *   of charge_period_start; the importer attaches a month's partition the
 *   first time it writes to it. An import writes its rows first and makes
 *   them visible in one transaction that marks it succeeded and deletes the
 *   rows it replaces; until then (or for ever, when it fails) readers skip
 *   them through cost_imports.status. No foreign key to cost_imports: the
 *   check would cost every row of a million-row COPY.
 *   entity_ref, owner_ref and environment are the allocation (null:
 *   unallocated).
 * - cost_monthly_costs: sums per month, source, billing period and
 *   allocation/provider/category/currency, replaced with the line items of
 *   the same source and billing periods; the org page and month-over-month
 *   read it. covered_from/until: the span of charge periods summed, so a
 *   month imported part of the way is compared by its days.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_imports', table => {
    table.bigIncrements('id');
    table.text('source').notNullable();
    table.text('file_name').nullable();
    table.text('status').notNullable();
    table
      .specificType('billing_periods', 'timestamptz[]')
      .notNullable()
      .defaultTo('{}');
    table.integer('rows').notNullable().defaultTo(0);
    table.integer('problem_count').notNullable().defaultTo(0);
    table.jsonb('problems').notNullable().defaultTo('[]');
    table.text('file_fingerprint').nullable();
    table.text('started_by').nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.index(['source', 'started_at']);
    table.index(['started_at']);
  });

  await knex.raw(`
    CREATE TABLE cost_line_items (
      import_id bigint NOT NULL,
      source text NOT NULL,
      billing_period_start timestamptz NOT NULL,
      billing_period_end timestamptz NOT NULL,
      charge_period_start timestamptz NOT NULL,
      charge_period_end timestamptz NOT NULL,
      charge_category text NOT NULL,
      billed_cost numeric NOT NULL,
      effective_cost numeric NOT NULL,
      list_cost numeric NOT NULL,
      billing_currency text NOT NULL,
      provider_name text NOT NULL,
      service_name text NOT NULL,
      service_category text NOT NULL,
      sub_account_id text,
      region_id text,
      resource_id text,
      resource_type text,
      tags jsonb NOT NULL DEFAULT '{}',
      entity_ref text,
      owner_ref text,
      environment text
    ) PARTITION BY RANGE (charge_period_start)`);
  // Replacing a source's billing periods, and finding an import's rows.
  await knex.raw(
    `CREATE INDEX cost_line_items_source_period ON cost_line_items (source, billing_period_start, import_id)`,
  );
  // A Component's tab, a Group's tab, and unallocated cost (entity_ref IS NULL).
  await knex.raw(
    `CREATE INDEX cost_line_items_entity ON cost_line_items (entity_ref, charge_period_start)`,
  );
  await knex.raw(
    `CREATE INDEX cost_line_items_owner ON cost_line_items (owner_ref, charge_period_start)`,
  );

  await knex.schema.createTable('cost_monthly_costs', table => {
    table.date('month').notNullable();
    table.text('source').notNullable();
    table.timestamp('billing_period_start', { useTz: true }).notNullable();
    table.text('entity_ref').nullable();
    table.text('owner_ref').nullable();
    table.text('environment').nullable();
    table.text('provider_name').notNullable();
    table.text('service_category').notNullable();
    table.text('billing_currency').notNullable();
    table.specificType('effective_cost', 'numeric').notNullable();
    table.specificType('billed_cost', 'numeric').notNullable();
    table.specificType('list_cost', 'numeric').notNullable();
    table.integer('line_items').notNullable();
    table.timestamp('covered_from', { useTz: true }).notNullable();
    table.timestamp('covered_until', { useTz: true }).notNullable();
    table.index(['month']);
    table.index(['source', 'billing_period_start']);
    table.index(['entity_ref', 'month']);
    table.index(['owner_ref', 'month']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_monthly_costs');
  // Drops the attached month partitions with it.
  await knex.raw('DROP TABLE cost_line_items');
  await knex.schema.dropTable('cost_imports');
};
