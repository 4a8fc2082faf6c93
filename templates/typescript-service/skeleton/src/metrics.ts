import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Histogram buckets in seconds; 0.3 matches the latency SLO (slo.yaml). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export interface HttpMetrics {
  registry: Registry;
  observe(labels: { method: string; route: string; statusCode: number }, seconds: number): void;
}

/**
 * A registry of its own (not prom-client's global one) with the default
 * process metrics, `http_requests_total` and `http_request_duration_seconds`.
 */
export function createMetrics(serviceName: string): HttpMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    observe({ method, route, statusCode }, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
