// @ts-check

/**
 * Kubernetes container usage per day (plugins/cost-backend), imported from
 * OpenCost with the cost line items of the same run, for right-sizing: per
 * workload container (cluster, namespace, controller kind and name,
 * container) and UTC day, the replicas, per-pod CPU and memory requests,
 * average and peak use, and what CPU and memory cost. Rows belong to an
 * import and are visible once it succeeded, exactly like cost_line_items;
 * an import replaces its source's days. entity_ref/owner_ref/environment
 * are the allocation (the Component the catalog's workload belongs to);
 * workload_ref is the catalog Resource of the workload.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_container_usage', table => {
    table.bigInteger('import_id').notNullable();
    table.text('source').notNullable();
    table.date('day').notNullable();
    table.text('cluster').notNullable();
    table.text('namespace').notNullable();
    table.text('controller_kind').notNullable();
    table.text('controller').notNullable();
    table.text('container').notNullable();
    table.text('workload_ref').nullable();
    table.text('entity_ref').nullable();
    table.text('owner_ref').nullable();
    table.text('environment').nullable();
    table.double('replicas').notNullable();
    table.double('cpu_request_cores').notNullable();
    table.double('cpu_usage_avg_cores').notNullable();
    table.double('cpu_usage_max_cores').nullable();
    table.double('memory_request_bytes').notNullable();
    table.double('memory_usage_avg_bytes').notNullable();
    table.double('memory_usage_max_bytes').nullable();
    table.double('cpu_cost').notNullable();
    table.double('memory_cost').notNullable();
    table.double('cpu_core_hours').notNullable();
    table.double('memory_byte_hours').notNullable();
    table.text('currency').notNullable();
    table.index(['source', 'day', 'import_id'], 'cost_container_usage_source');
    table.index(['entity_ref', 'day'], 'cost_container_usage_entity');
    table.index(['owner_ref', 'day'], 'cost_container_usage_owner');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_container_usage');
};
