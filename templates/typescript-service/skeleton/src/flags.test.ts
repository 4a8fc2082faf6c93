import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { OpenFeature } from '@openfeature/server-sdk';
import { FLAG_TIMEOUT_MS, createFlagClient } from './flags';

interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/** A stand-in for Paved's OFREP endpoint. */
async function fakePaved(answer: 'on' | 'hang'): Promise<{ url: string; seen: SeenRequest[]; server: Server }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(raw) as unknown,
      });
      if (answer === 'hang') return;
      const key = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ key, value: true, variant: 'on', reason: 'STATIC' }));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/feature-flags`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await OpenFeature.clearProviders();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('createFlagClient', () => {
  test('without an API key sets no provider: code defaults', async () => {
    const client = createFlagClient({ serviceName: 'svc', flagsUrl: 'http://127.0.0.1:9', flagsApiKey: undefined });
    assert.equal(OpenFeature.getProviderMetadata().name, 'No-op Provider');
    assert.equal(await client.getBooleanValue('any-flag', false), false);
    assert.equal(await client.getBooleanValue('any-flag', true), true);
  });

  test('with an API key evaluates over OFREP with a bearer token', async () => {
    const paved = await fakePaved('on');
    servers.push(paved.server);
    const client = createFlagClient({ serviceName: 'svc', flagsUrl: paved.url, flagsApiKey: 'pk_test' });
    const details = await client.getBooleanDetails('svc-friendly-greeting', false, { targetingKey: 'u-1' });
    assert.equal(details.value, true);
    assert.equal(details.variant, 'on');
    assert.deepEqual(paved.seen, [
      {
        method: 'POST',
        url: '/api/feature-flags/ofrep/v1/evaluate/flags/svc-friendly-greeting',
        authorization: 'Bearer pk_test',
        body: { context: { targetingKey: 'u-1' } },
      },
    ]);
  });

  test('an unresponsive flag service costs at most the timeout', async () => {
    const paved = await fakePaved('hang');
    servers.push(paved.server);
    const client = createFlagClient({ serviceName: 'svc', flagsUrl: paved.url, flagsApiKey: 'pk_test' });
    const started = performance.now();
    const details = await client.getBooleanDetails('svc-friendly-greeting', false, { targetingKey: 'u-1' });
    const elapsed = performance.now() - started;
    assert.equal(details.value, false);
    assert.ok(details.errorCode, 'the evaluation reports an error code');
    assert.ok(elapsed < FLAG_TIMEOUT_MS + 500, `took ${Math.round(elapsed)} ms`);
  });
});
