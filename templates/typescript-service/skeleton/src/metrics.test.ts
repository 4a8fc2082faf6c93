import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHarness } from './testing/harness';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the samples of Prometheus' text format (enough for these tests). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter(line => line !== '' && !line.startsWith('#'))
    .map(line => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const [, name = '', rawLabels = '', value = ''] = match;
      const labels = Object.fromEntries(
        [...rawLabels.matchAll(/(\w+)="([^"]*)"/g)].map(([, key = '', val = '']) => [key, val]),
      );
      return { name, labels, value: Number(value) };
    });
}

function find(all: Sample[], name: string, labels: Record<string, string>): Sample | undefined {
  return all.find(
    sample => sample.name === name && Object.entries(labels).every(([key, val]) => sample.labels[key] === val),
  );
}

describe('GET /metrics', () => {
  test('serves Prometheus text with process and HTTP metrics by route pattern', async () => {
    const { app } = await createHarness();
    await app.inject({ url: '/v1/greeting?name=Ana' });
    await app.inject({ url: '/v1/greeting?name=Bo' });
    await app.inject({ url: '/no/such/page' });

    const res = await app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /^# TYPE http_requests_total counter$/m);
    assert.match(res.body, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.doesNotMatch(res.body, /name=Ana|\/no\/such\/page/, 'raw URLs never become labels');

    const all = samples(res.body);
    assert.ok(find(all, 'process_cpu_user_seconds_total', {}), 'default process metrics');
    assert.ok(find(all, 'nodejs_eventloop_lag_seconds', {}), 'default Node.js metrics');

    const greeting = { method: 'GET', route: '/v1/greeting', status_code: '200' };
    assert.equal(find(all, 'http_requests_total', greeting)?.value, 2);
    assert.equal(find(all, 'http_requests_total', { route: 'unmatched', status_code: '404' })?.value, 1);
    assert.equal(find(all, 'http_request_duration_seconds_bucket', { ...greeting, le: '0.3' })?.value, 2);
    assert.equal(find(all, 'http_request_duration_seconds_count', greeting)?.value, 2);
    assert.ok(all.every(sample => sample.labels.service !== undefined), 'every sample names the service');
  });

  test('each app has its own registry', async () => {
    const first = await createHarness();
    const second = await createHarness();
    await first.app.inject({ url: '/v1/greeting' });
    const text = (await second.app.inject({ url: '/metrics' })).body;
    assert.doesNotMatch(text, /route="\/v1\/greeting"/);
  });
});
