// @ts-check

/**
 * Archiving a flag: it leaves every flag set (services get FLAG_NOT_FOUND
 * and their code default), the lists and the stale report, and keeps its
 * definitions and audit log.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('feature_flags', table => {
    table.timestamp('archived_at', { useTz: true }).nullable();
    table.text('archived_by').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('feature_flags', table => {
    table.dropColumn('archived_at');
    table.dropColumn('archived_by');
  });
};
