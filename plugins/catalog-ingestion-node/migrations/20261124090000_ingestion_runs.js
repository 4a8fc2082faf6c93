// @ts-check

/**
 * One row per provider run: when, how it ended, what it counted and what it
 * could not ingest. Old runs are pruned by the store.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_ingestion_runs', table => {
    table.comment('Runs of Paved catalog providers, for the ingestion admin page');
    table.bigIncrements('id').primary();
    table.string('provider').notNullable();
    table.string('source_kind').notNullable();
    table.string('target').notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('outcome').notNullable().comment('complete | failed');
    table.jsonb('counts').notNullable();
    table.jsonb('problems').notNullable();
    table.text('error').nullable();
    table.index(['provider', 'finished_at'], 'paved_ingestion_runs_provider_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_ingestion_runs');
};
