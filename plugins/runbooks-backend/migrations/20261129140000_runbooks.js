// @ts-check

/**
 * Runbooks read from Components' repositories (plugins/runbooks-backend).
 * - runbook_sources: one row per Component: where its runbooks are read
 *   from, the commit last read (the reader's etag) and the last error. A
 *   failed read only sets last_error: the runbooks already stored stay.
 * - runbooks: one row per file, parse problems included, with the sanitised
 *   HTML, the plain text for snippets and a weighted tsvector (alert names
 *   and title A, headings B, body D).
 * - runbook_alerts: alert name (lower-cased, NFC) → runbook, for the
 *   alert page's exact lookups.
 * - runbook_index_runs: what each indexing pass did.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('runbook_sources', table => {
    table.text('entity_ref').primary();
    table.text('location').notNullable();
    table.text('repo').notNullable();
    table.text('etag').nullable();
    table.timestamp('last_read_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.timestamp('last_error_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('runbooks', table => {
    table.bigIncrements('id');
    table.text('entity_ref').notNullable();
    table.text('path').notNullable();
    table.text('url').notNullable();
    table.text('title').notNullable();
    table.specificType('alerts', 'text[]').notNullable();
    table.text('severity').nullable();
    table.text('owner').nullable();
    table.text('system').nullable();
    table.text('shape').notNullable();
    table.date('last_reviewed').nullable();
    table.text('commit_sha').nullable();
    table.timestamp('commit_date', { useTz: true }).nullable();
    table.text('commit_url').nullable();
    table.text('content_hash').notNullable();
    table.text('html').notNullable();
    table.jsonb('sections').notNullable();
    table.specificType('missing_sections', 'text[]').notNullable();
    table.jsonb('problems').notNullable();
    table.text('body_text').notNullable();
    table.specificType('search', 'tsvector').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'path']);
  });
  await knex.raw(
    'CREATE INDEX runbooks_search_idx ON runbooks USING gin (search)',
  );
  await knex.raw('CREATE INDEX runbooks_owner_idx ON runbooks (owner)');
  await knex.raw('CREATE INDEX runbooks_system_idx ON runbooks (system)');
  await knex.raw(
    'CREATE INDEX runbooks_severity_idx ON runbooks (lower(severity))',
  );

  await knex.schema.createTable('runbook_alerts', table => {
    table.text('alert_key').notNullable();
    table.text('alert').notNullable();
    table
      .bigInteger('runbook_id')
      .notNullable()
      .references('id')
      .inTable('runbooks')
      .onDelete('CASCADE');
    table.text('entity_ref').notNullable();
    table.primary(['alert_key', 'runbook_id']);
    table.index(['runbook_id']);
  });

  await knex.schema.createTable('runbook_index_runs', table => {
    table.bigIncrements('id');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.integer('sources_read').notNullable();
    table.integer('sources_unchanged').notNullable();
    table.integer('sources_failed').notNullable();
    table.integer('runbooks').notNullable();
    table.integer('problems').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runbook_index_runs');
  await knex.schema.dropTable('runbook_alerts');
  await knex.schema.dropTable('runbooks');
  await knex.schema.dropTable('runbook_sources');
};
