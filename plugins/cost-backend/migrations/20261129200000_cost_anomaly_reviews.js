// @ts-check

/**
 * Reviews of cost anomalies (plugins/cost-backend): a lead snoozes an
 * anomaly until a day, accepts it as expected, or dismisses it as noise.
 * An anomaly is its group (owner or Component ref), currency and day (a
 * step's first day); anomalies themselves are computed on read, never
 * stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_anomaly_reviews', table => {
    table.text('key').notNullable();
    table.text('currency').notNullable();
    table.date('date').notNullable();
    table.text('status').notNullable();
    table.date('snoozed_until').nullable();
    table.text('note').nullable();
    table.text('reviewed_by').notNullable();
    table.timestamp('reviewed_at', { useTz: true }).notNullable();
    table.primary(['key', 'currency', 'date']);
  });
  await knex.raw(
    `ALTER TABLE cost_anomaly_reviews ADD CONSTRAINT cost_anomaly_reviews_status
       CHECK (status IN ('snoozed', 'accepted', 'dismissed')
         AND (status = 'snoozed') = (snoozed_until IS NOT NULL))`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_anomaly_reviews');
};
