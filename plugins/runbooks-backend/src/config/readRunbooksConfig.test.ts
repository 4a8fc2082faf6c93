import { ConfigReader } from '@backstage/config';
import { readRunbooksConfig } from './readRunbooksConfig';

describe('readRunbooksConfig', () => {
  it('has defaults for every knob', () => {
    const config = readRunbooksConfig(new ConfigReader({}));
    expect(config).toMatchObject({
      defaultPath: 'docs/runbooks/',
      concurrency: 4,
      maxFileBytes: 1024 * 1024,
      staleDays: 180,
      coverageTypes: ['service', 'website'],
      prometheusRules: [],
      schedule: { frequency: { minutes: 30 } },
    });
    expect(config.addRunbookTemplate).toBeUndefined();
  });

  it('reads the schedule and the rule files', () => {
    const config = readRunbooksConfig(
      new ConfigReader({
        runbooks: {
          staleDays: 90,
          schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } },
          prometheusRules: [{ url: 'https://github.com/o/r/blob/main/a.yaml' }],
          addRunbookTemplate: 'template:default/add-runbook',
        },
      }),
    );
    expect(config.staleDays).toBe(90);
    expect(config.schedule.frequency).toEqual({ minutes: 2 });
    expect(config.prometheusRules).toEqual([
      { url: 'https://github.com/o/r/blob/main/a.yaml' },
    ]);
  });

  it('names the bad key', () => {
    expect(() =>
      readRunbooksConfig(new ConfigReader({ runbooks: { staleDays: 0 } })),
    ).toThrow(/runbooks\.staleDays/);
    expect(() =>
      readRunbooksConfig(
        new ConfigReader({ runbooks: { addRunbookTemplate: 'add-runbook' } }),
      ),
    ).toThrow(/runbooks\.addRunbookTemplate: must be a template entity ref/);
  });
});
