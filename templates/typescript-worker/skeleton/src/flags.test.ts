import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { InMemoryProvider, OpenFeature, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import { FLAG_TIMEOUT_MS, PAUSE_FLAG, PauseSwitch, createFlagClient } from './flags';
import { flagClient, testLogger } from './testing/harness';

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
    assert.equal(await client.getBooleanValue(PAUSE_FLAG, false), false);
  });

  test('with an API key evaluates over OFREP with a bearer token', async () => {
    const paved = await fakePaved('on');
    servers.push(paved.server);
    const client = createFlagClient({ serviceName: 'svc', flagsUrl: paved.url, flagsApiKey: 'pk_test' });
    const { log } = testLogger();
    assert.equal(await new PauseSwitch(client, log, 'pod-1').isPaused(), true);
    assert.deepEqual(paved.seen, [
      {
        method: 'POST',
        url: `/api/feature-flags/ofrep/v1/evaluate/flags/${PAUSE_FLAG}`,
        authorization: 'Bearer pk_test',
        body: { context: { targetingKey: 'pod-1' } },
      },
    ]);
  });

  test('an unresponsive flag service costs at most the timeout', async () => {
    const paved = await fakePaved('hang');
    servers.push(paved.server);
    const client = createFlagClient({ serviceName: 'svc', flagsUrl: paved.url, flagsApiKey: 'pk_test' });
    const started = performance.now();
    const { log } = testLogger();
    assert.equal(await new PauseSwitch(client, log).isPaused(), false);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < FLAG_TIMEOUT_MS + 500, `took ${Math.round(elapsed)} ms`);
  });
});

const pauseFlag = (on: boolean) =>
  new InMemoryProvider({
    [PAUSE_FLAG]: { variants: { on: true, off: false }, defaultVariant: on ? 'on' : 'off', disabled: false },
  });

/** A provider that answers `value` until `broken` is set, then fails like an unreachable Paved. */
class SwitchableProvider implements Provider {
  readonly metadata = { name: 'switchable' };
  readonly runsOn = 'server';
  broken = false;
  constructor(public value: boolean) {}
  resolveBooleanEvaluation = (): Promise<ResolutionDetails<boolean>> =>
    this.broken ? Promise.reject(new Error('connect ECONNREFUSED paved')) : Promise.resolve({ value: this.value, reason: 'STATIC' });
  resolveStringEvaluation = () => Promise.reject(new Error('unused'));
  resolveNumberEvaluation = () => Promise.reject(new Error('unused'));
  resolveObjectEvaluation = () => Promise.reject(new Error('unused'));
}

describe('PauseSwitch', () => {
  test('follows the flag', async () => {
    const { log } = testLogger();
    assert.equal(await new PauseSwitch(await flagClient(pauseFlag(true)), log).isPaused(), true);
    assert.equal(await new PauseSwitch(await flagClient(pauseFlag(false)), log).isPaused(), false);
  });

  test('is off while the flag does not exist', async () => {
    const { log, logs } = testLogger();
    assert.equal(await new PauseSwitch(await flagClient(new InMemoryProvider({})), log).isPaused(), false);
    assert.deepEqual(logs.lines.filter(l => l.level === 'warn'), []);
  });

  test('keeps the last value while Paved cannot answer, warning once per outage', async () => {
    const provider = new SwitchableProvider(true);
    const { log, logs } = testLogger();
    const pause = new PauseSwitch(await flagClient(provider), log);
    assert.equal(await pause.isPaused(), true);
    provider.broken = true;
    provider.value = false;
    assert.equal(await pause.isPaused(), true, 'a paused worker stays paused');
    assert.equal(await pause.isPaused(), true);
    const warnings = logs.lines.filter(l => l.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.msg, 'pause flag evaluation failed; keeping the last value');
    provider.broken = false;
    assert.equal(await pause.isPaused(), false);
    assert.equal(logs.withMsg('pause flag evaluation works again').length, 1);
  });
});
