// @ts-check

/**
 * Four-eyes approval and evaluation counts.
 * - feature_flag_change_requests: a change in an approval environment
 *   (production) by someone who is not an owner of the Component; it waits
 *   for an owner to approve (applied on base_version) or reject it, and is
 *   superseded when the definition moves on first.
 * - feature_flag_audit.approved_by: the owner who approved a change.
 * - feature_flag_evaluations: evaluations per flag, environment and
 *   variant in one-minute buckets, added to by every replica's flushes.
 * - feature_flag_last_evaluations: the last evaluation per flag and
 *   environment, so the stale-flag report does not scan the buckets.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('feature_flag_change_requests', table => {
    table.bigIncrements('id');
    table
      .bigInteger('flag_id')
      .notNullable()
      .references('id')
      .inTable('feature_flags')
      .onDelete('CASCADE');
    table.text('environment').notNullable();
    table.integer('base_version').notNullable();
    table.jsonb('before').notNullable();
    table.jsonb('after').notNullable();
    table.text('reason').notNullable();
    table.text('requested_by').notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.text('status').notNullable();
    table.text('decided_by').nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('decision_comment').nullable();
    table.index(['flag_id', 'environment', 'status']);
  });
  await knex.raw(
    `CREATE INDEX feature_flag_change_requests_pending ON feature_flag_change_requests (requested_at) WHERE status = 'pending'`,
  );

  await knex.schema.alterTable('feature_flag_audit', table => {
    table.text('approved_by').nullable();
  });

  await knex.schema.createTable('feature_flag_evaluations', table => {
    table.text('entity_ref').notNullable();
    table.text('environment').notNullable();
    table.text('flag_key').notNullable();
    table.timestamp('bucket', { useTz: true }).notNullable();
    table.text('variant').notNullable();
    table.bigInteger('count').notNullable();
    table.primary([
      'entity_ref',
      'environment',
      'flag_key',
      'bucket',
      'variant',
    ]);
    table.index(['bucket']);
  });

  await knex.schema.createTable('feature_flag_last_evaluations', table => {
    table.text('entity_ref').notNullable();
    table.text('environment').notNullable();
    table.text('flag_key').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'environment', 'flag_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('feature_flag_last_evaluations');
  await knex.schema.dropTable('feature_flag_evaluations');
  await knex.schema.alterTable('feature_flag_audit', table => {
    table.dropColumn('approved_by');
  });
  await knex.schema.dropTable('feature_flag_change_requests');
};
