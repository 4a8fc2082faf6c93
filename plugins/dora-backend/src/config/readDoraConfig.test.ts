import { ConfigReader } from '@backstage/config';
import { readDoraConfig } from './readDoraConfig';

describe('readDoraConfig', () => {
  it('counts every production region as production by default, and ranks by the 2023 bands', () => {
    const config = readDoraConfig(new ConfigReader({}));
    expect(config.bands.version).toBe('2023');
    expect(config.classifyEnvironment('production')).toBe('production');
    expect(config.classifyEnvironment('Production-EU')).toBe('production');
    expect(config.classifyEnvironment('prod-us-east-1')).toBe('production');
    expect(config.classifyEnvironment('staging')).toBe('staging');
    expect(config.classifyEnvironment('preview-123')).toBe('other');
    // Not a production name just because it starts with "prod".
    expect(config.classifyEnvironment('products-sandbox')).toBe('other');
  });

  it('takes configured names and patterns', () => {
    const config = readDoraConfig(
      new ConfigReader({
        dora: {
          bands: '2021',
          environments: { production: ['live', 'live-*'], staging: ['qa'] },
        },
      }),
    );
    expect(config.bands.version).toBe('2021');
    expect(config.classifyEnvironment('live-eu')).toBe('production');
    expect(config.classifyEnvironment('production')).toBe('other');
    expect(config.classifyEnvironment('qa')).toBe('staging');
  });

  it('fails start-up naming the bad key', () => {
    expect(() =>
      readDoraConfig(new ConfigReader({ dora: { bands: '2019' } })),
    ).toThrow(/dora\.bands/);
    expect(() =>
      readDoraConfig(
        new ConfigReader({ dora: { environments: { production: [] } } }),
      ),
    ).toThrow(/dora\.environments\.production: must list at least one/);
  });
});
