import { mockServices } from '@backstage/backend-test-utils';
import { FlagSet } from '@internal/plugin-feature-flags-common';
import { FlagSetEvaluator } from '../evaluation/FlagSetEvaluator';
import { EvaluatorCache } from './EvaluatorCache';

const logger = mockServices.logger.mock();
const flagSet = (defaultVariant: 'on' | 'off'): FlagSet => ({
  flags: {
    beta: {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant,
    },
  },
});
const valueOf = (evaluator: FlagSetEvaluator) =>
  (evaluator.evaluate('beta', {}) as { value: boolean }).value;

describe('EvaluatorCache', () => {
  const ref = 'component:default/cart-service';
  let stored: FlagSet;
  let loads: number;
  let cache: EvaluatorCache;
  const load = async () => {
    loads += 1;
    return stored;
  };

  beforeEach(() => {
    stored = flagSet('off');
    loads = 0;
    cache = new EvaluatorCache(set => new FlagSetEvaluator(set, logger));
  });

  it('reads the database on every evaluation until the listener is connected', async () => {
    await cache.evaluator(ref, 'production', load);
    stored = flagSet('on');
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(true);
    expect(loads).toBe(2);
  });

  it('serves from memory while connected, until the Component changes', async () => {
    cache.connected();
    await cache.evaluator(ref, 'production', load);
    await cache.evaluator(ref, 'production', load);
    expect(loads).toBe(1);
    stored = flagSet('on');
    cache.changed({ type: 'flags', entityRef: 'component:default/other' });
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(false);
    cache.changed({ type: 'flags', entityRef: ref });
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(true);
    expect(loads).toBe(2);
  });

  it('stops trusting memory as soon as the listener disconnects, and starts afresh on reconnection', async () => {
    cache.connected();
    await cache.evaluator(ref, 'production', load);
    cache.disconnected();
    stored = flagSet('on');
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(true);
    stored = flagSet('off');
    cache.connected();
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(false);
  });

  it('does not keep a load that a change overtook', async () => {
    cache.connected();
    let release: () => void = () => {};
    const slowLoad = async () => {
      const old = stored;
      await new Promise<void>(resolve => {
        release = resolve;
      });
      return old;
    };
    const pending = cache.evaluator(ref, 'production', slowLoad);
    stored = flagSet('on');
    cache.changed({ type: 'flags', entityRef: ref });
    release();
    expect(valueOf(await pending)).toBe(false);
    // The old set was not kept: the next evaluation reads the new one.
    expect(valueOf(await cache.evaluator(ref, 'production', load))).toBe(true);
  });

  it('forgets API keys when any key is revoked', async () => {
    cache.connected();
    const key = { id: '1' } as never;
    let keyLoads = 0;
    const loadKey = async () => {
      keyLoads += 1;
      return key;
    };
    await cache.apiKey('hash', loadKey);
    await cache.apiKey('hash', loadKey);
    expect(keyLoads).toBe(1);
    cache.changed({ type: 'api-keys' });
    await cache.apiKey('hash', loadKey);
    expect(keyLoads).toBe(2);
  });
});
