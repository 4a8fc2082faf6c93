// @ts-check

/**
 * runbooks.search_head: the head of a runbook (alert names and title A,
 * headings B) as a small tsvector, so search orders every match by it
 * without reading each match's large body vector; only the best are then
 * ranked by their full text. Rows written before it are re-read on the next
 * pass (their sources' etags are cleared).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    `ALTER TABLE runbooks ADD COLUMN search_head tsvector NOT NULL DEFAULT ''::tsvector`,
  );
  // The problems list asks, per Component, which of its alerts others declare too.
  await knex.raw(
    'CREATE INDEX runbook_alerts_entity_ref_idx ON runbook_alerts (entity_ref)',
  );
  await knex('runbook_sources').update({ etag: null });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX runbook_alerts_entity_ref_idx');
  await knex.raw('ALTER TABLE runbooks DROP COLUMN search_head');
};
