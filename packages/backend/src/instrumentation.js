// Loaded with `node --require` before the backend so that OpenTelemetry can
// instrument http/express, and Backstage's own metrics are exported.
// Prometheus scrapes them on PAVED_METRICS_PORT (default 9464) at /metrics;
// PAVED_METRICS_PORT=off disables the exporter.
/* eslint-disable @backstage/no-undeclared-imports */
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const {
  HttpInstrumentation,
} = require('@opentelemetry/instrumentation-http');

const metricsPort = process.env.PAVED_METRICS_PORT ?? '9464';

if (metricsPort !== 'off' && !/^\d+$/.test(metricsPort)) {
  process.stderr.write(
    `Paved cannot start: PAVED_METRICS_PORT must be a port number or "off", got "${metricsPort}"\n`,
  );
  process.exit(1);
}

if (metricsPort !== 'off') {
  const sdk = new NodeSDK({
    serviceName: 'paved',
    metricReaders: [new PrometheusExporter({ port: Number(metricsPort) })],
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
  process.once('SIGTERM', () => {
    sdk.shutdown().catch(() => {});
  });
}
