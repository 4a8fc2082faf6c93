import {
  DatabaseSettingError,
  readDatabaseEnvironment,
} from './databaseEnvironment';

describe('readDatabaseEnvironment', () => {
  it('reads POSTGRES_* variables, defaulting the port to 5432', () => {
    expect(
      readDatabaseEnvironment({
        POSTGRES_HOST: 'db.internal',
        POSTGRES_USER: 'paved',
        POSTGRES_PASSWORD: 's3cret',
      }),
    ).toEqual({
      host: 'db.internal',
      port: 5432,
      user: 'paved',
      password: 's3cret',
      source: 'POSTGRES_*',
    });
  });

  it('prefers DATABASE_URL and decodes its credentials', () => {
    expect(
      readDatabaseEnvironment({
        DATABASE_URL: 'postgresql://pa%40ved:p%3Ass@10.0.0.5:6543/ignored',
        POSTGRES_HOST: 'elsewhere',
      }),
    ).toEqual({
      host: '10.0.0.5',
      port: 6543,
      user: 'pa@ved',
      password: 'p:ss',
      source: 'DATABASE_URL',
    });
  });

  it.each([
    [{}, /^POSTGRES_HOST is not set/],
    [{ POSTGRES_HOST: 'db' }, /^POSTGRES_USER is not set/],
    [
      { POSTGRES_HOST: 'db', POSTGRES_USER: 'u', POSTGRES_PORT: 'five' },
      /^POSTGRES_PORT must be a TCP port number .* got "five"/,
    ],
    [
      { POSTGRES_HOST: 'db', POSTGRES_USER: 'u', POSTGRES_PORT: '70000' },
      /^POSTGRES_PORT must be/,
    ],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL is not a valid URL/],
    [
      { DATABASE_URL: 'mysql://u@db:3306' },
      /^DATABASE_URL must start with postgresql:\/\//,
    ],
    [{ DATABASE_URL: 'postgresql://db:5432' }, /^DATABASE_URL has no user/],
  ])('names the variable at fault for %j', (env, message) => {
    expect(() => readDatabaseEnvironment(env)).toThrow(DatabaseSettingError);
    expect(() => readDatabaseEnvironment(env)).toThrow(message);
  });
});
