// @ts-check

/**
 * Facts about each Kubernetes workload that cost and DORA read: replicas,
 * images (tag and digest) and resource requests/limits per container.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_kubernetes_workloads', table => {
    table.comment(
      'Kubernetes workloads, replaced per cluster by each complete list and kept current by watch events',
    );
    table
      .string('entity_ref')
      .primary()
      .comment(
        'The Resource the workload became, e.g. resource:default/cart-service-deployment-production-checkout-1a2b3c',
      );
    table.string('cluster').notNullable();
    table.string('environment').notNullable();
    table.string('namespace').notNullable();
    table
      .string('kind')
      .notNullable()
      .comment('Deployment, StatefulSet, DaemonSet or CronJob');
    table.string('name').notNullable();
    table
      .string('component_ref')
      .nullable()
      .comment('The Component its labels link it to, when the catalog has it');
    table.integer('replicas_desired').nullable();
    table.integer('replicas_ready').nullable();
    table
      .jsonb('containers')
      .notNullable()
      .comment(
        '[{name, image, repository, tag, digest, requests: {cpu, memory}, limits: {cpu, memory}}]',
      );
    table.string('schedule').nullable().comment('CronJobs: the cron schedule');
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.unique(['cluster', 'namespace', 'kind', 'name'], {
      indexName: 'paved_kubernetes_workloads_object_idx',
    });
    table.index(['component_ref'], 'paved_kubernetes_workloads_component_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_kubernetes_workloads');
};
