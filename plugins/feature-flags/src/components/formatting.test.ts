import { OFF } from '../__testUtils__/fixtures';
import {
  describeStaleReason,
  formatAge,
  shortRef,
  summarizeRollout,
} from './formatting';

const rollout = { internalEvaluator: 'internal-staff' };

describe('formatting', () => {
  it('spells out why a flag is stale', () => {
    expect(
      describeStaleReason({ code: 'no-evaluations', days: 30 }, 'release'),
    ).toBe('no evaluations for 30 days');
    expect(
      describeStaleReason(
        {
          code: 'no-evaluations',
          days: 30,
          lastEvaluatedAt: '2026-08-01T12:00:00Z',
        },
        'operational',
      ),
    ).toBe('no evaluations for 30 days (last on 2026-08-01)');
    expect(
      describeStaleReason(
        {
          code: 'fully-rolled-out',
          environment: 'production',
          servedVariant: 'on',
          since: '2026-09-01T08:00:00Z',
          lifetimeDays: 40,
        },
        'release',
      ),
    ).toBe(
      'fully rolled out in production (serves `on` to everyone) since 2026-09-01 — release flags are expected to live 40 days',
    );
  });

  it('summarizes a rollout in a word', () => {
    expect(summarizeRollout(OFF, rollout).label).toBe('Off');
    expect(summarizeRollout({ ...OFF, state: 'DISABLED' }, rollout)).toEqual(
      expect.objectContaining({ label: 'DISABLED', tone: 'disabled' }),
    );
    expect(
      summarizeRollout(
        {
          ...OFF,
          targeting: { if: [{ $ref: 'internal-staff' }, 'on', 'off'] },
        },
        rollout,
      ).label,
    ).toBe('Internal');
    expect(
      summarizeRollout(
        {
          ...OFF,
          targeting: {
            fractional: [
              ['on', 5],
              ['off', 95],
            ],
          },
        },
        {},
      ),
    ).toEqual(expect.objectContaining({ label: '5 %', tone: 'partial' }));
    expect(
      summarizeRollout(
        { ...OFF, targeting: { if: [{ var: 'beta' }, 'on', 'off'] } },
        rollout,
      ),
    ).toEqual(expect.objectContaining({ label: 'Custom', tone: 'custom' }));
  });

  it('says refs and ages as people do', () => {
    expect(shortRef('user:default/guest')).toBe('guest');
    expect(shortRef('component:team-a/cart')).toBe('team-a/cart');
    const now = new Date('2026-11-21T12:00:00Z');
    expect(formatAge('2026-11-21T08:00:00Z', now)).toBe('today');
    expect(formatAge('2026-11-20T08:00:00Z', now)).toBe('1 day');
    expect(formatAge('2026-10-01T08:00:00Z', now)).toBe('51 days');
  });
});
