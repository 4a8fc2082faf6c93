// @ts-check

/**
 * Feature flags (plugins/feature-flags-backend).
 * - feature_flags: one row per flag of a Component (entity_ref), key unique
 *   per Component.
 * - feature_flag_definitions: the flag's flagd definition per environment,
 *   with a version for optimistic concurrency (a save names the version it
 *   was made on; a stale one is refused).
 * - feature_flag_api_keys: per Component and environment keys services
 *   evaluate with; only a prefix and the SHA-256 of the secret are stored.
 * - feature_flag_audit: every change (who, when, environment, before,
 *   after, why), written in the change's transaction.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('feature_flags', table => {
    table.bigIncrements('id');
    table.text('entity_ref').notNullable();
    table.text('key').notNullable();
    table.text('kind').notNullable();
    table.text('description').notNullable().defaultTo('');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.text('created_by').notNullable();
    table.unique(['entity_ref', 'key']);
  });

  await knex.schema.createTable('feature_flag_definitions', table => {
    table
      .bigInteger('flag_id')
      .notNullable()
      .references('id')
      .inTable('feature_flags')
      .onDelete('CASCADE');
    table.text('environment').notNullable();
    table.jsonb('definition').notNullable();
    table.integer('version').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.text('updated_by').notNullable();
    table.primary(['flag_id', 'environment']);
    table.index(['environment']);
  });

  await knex.schema.createTable('feature_flag_api_keys', table => {
    table.bigIncrements('id');
    table.text('entity_ref').notNullable();
    table.text('environment').notNullable();
    table.text('name').notNullable();
    table.text('key_prefix').notNullable();
    table.text('key_hash').notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.text('created_by').notNullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.index(['entity_ref']);
  });

  await knex.schema.createTable('feature_flag_audit', table => {
    table.bigIncrements('id');
    table
      .bigInteger('flag_id')
      .notNullable()
      .references('id')
      .inTable('feature_flags')
      .onDelete('CASCADE');
    table.text('environment').notNullable();
    table.text('actor').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.jsonb('before').nullable();
    table.jsonb('after').nullable();
    table.text('reason').notNullable();
    table.index(['flag_id', 'at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('feature_flag_audit');
  await knex.schema.dropTable('feature_flag_api_keys');
  await knex.schema.dropTable('feature_flag_definitions');
  await knex.schema.dropTable('feature_flags');
};
