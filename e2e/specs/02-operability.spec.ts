import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test.describe('the portal practises what it preaches', () => {
  test('answers liveness and readiness probes', async ({ request }) => {
    const liveness = await request.get('/.backstage/health/v1/liveness');
    expect(liveness.status()).toBe(200);
    const readiness = await request.get('/.backstage/health/v1/readiness');
    expect(readiness.status()).toBe(200);
    expect(await readiness.json()).toEqual({ status: 'ok' });
  });

  test('exports Prometheus metrics, including HTTP server request durations', async ({
    request,
  }) => {
    await request.get('/.backstage/health/v1/liveness');
    const metrics = await request.get(
      `http://localhost:${process.env.PAVED_E2E_METRICS_PORT}/metrics`,
    );
    expect(metrics.status()).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(
      /^# TYPE http_server(_request)?_duration\w* histogram$/m,
    );
  });

  test('echoes the correlation id and writes it in JSON request logs', async ({
    request,
  }) => {
    const correlationId = `e2e-${Date.now()}`;
    const response = await request.get('/api/catalog/entities?limit=1', {
      headers: { 'X-Correlation-Id': correlationId },
    });
    // Unauthenticated: rejected, but still logged with the id.
    expect(response.status()).toBe(401);
    expect(response.headers()['x-correlation-id']).toBe(correlationId);

    await expect
      .poll(() =>
        readFileSync(process.env.PAVED_E2E_LOG!, 'utf8')
          .split('\n')
          .filter(line => line.includes(correlationId)),
      )
      .not.toHaveLength(0);
    const line = readFileSync(process.env.PAVED_E2E_LOG!, 'utf8')
      .split('\n')
      .find(l => l.includes(correlationId) && l.includes('incomingRequest'))!;
    const entry = JSON.parse(line);
    expect(entry).toMatchObject({
      correlationId,
      level: 'info',
      type: 'incomingRequest',
      status: 401,
    });
    expect(new Date(entry.timestamp).getTime()).not.toBeNaN();
  });

  test('gives a fresh correlation id when the caller sends none', async ({
    request,
  }) => {
    const response = await request.get('/.backstage/health/v1/readiness');
    expect(response.headers()['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
