/**
 * Reads the PostgreSQL connection from the environment, where Paved takes it
 * from in every mode: `DATABASE_URL`, or `POSTGRES_HOST` with
 * `POSTGRES_PORT`, `POSTGRES_USER` and `POSTGRES_PASSWORD`.
 *
 * A missing or malformed value fails start-up with one line naming the
 * variable, rather than a stack trace from deep inside knex.
 */
export type DatabaseEnvironment = {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Which variables the values came from, for error messages. */
  source: 'DATABASE_URL' | 'POSTGRES_*';
};

export class DatabaseSettingError extends Error {
  readonly name = 'DatabaseSettingError';
}

function parsePort(value: string, variable: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new DatabaseSettingError(
      `${variable} must be a TCP port number between 1 and 65535, got "${value}"`,
    );
  }
  return port;
}

function fromUrl(value: string): DatabaseEnvironment {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseSettingError(
      'DATABASE_URL is not a valid URL; expected postgresql://USER:PASSWORD@HOST:PORT',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseSettingError(
      `DATABASE_URL must start with postgresql://, got "${url.protocol}//"`,
    );
  }
  if (!url.hostname) {
    throw new DatabaseSettingError('DATABASE_URL has no host name');
  }
  if (!url.username) {
    throw new DatabaseSettingError('DATABASE_URL has no user name');
  }
  return {
    host: url.hostname,
    port: url.port ? parsePort(url.port, 'DATABASE_URL port') : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    source: 'DATABASE_URL',
  };
}

export function readDatabaseEnvironment(
  env: Record<string, string | undefined>,
): DatabaseEnvironment {
  const blank = (name: string) => (env[name] ?? '').trim() === '';
  if (!blank('DATABASE_URL')) {
    return fromUrl(env.DATABASE_URL!.trim());
  }
  if (blank('POSTGRES_HOST')) {
    throw new DatabaseSettingError(
      'POSTGRES_HOST is not set: set POSTGRES_HOST/POSTGRES_PORT/POSTGRES_USER/POSTGRES_PASSWORD or DATABASE_URL (`npm start` starts an embedded PostgreSQL for you)',
    );
  }
  if (blank('POSTGRES_USER')) {
    throw new DatabaseSettingError(
      'POSTGRES_USER is not set: name the PostgreSQL role Paved connects as',
    );
  }
  return {
    host: env.POSTGRES_HOST!.trim(),
    port: blank('POSTGRES_PORT')
      ? 5432
      : parsePort(env.POSTGRES_PORT!.trim(), 'POSTGRES_PORT'),
    user: env.POSTGRES_USER!.trim(),
    password: env.POSTGRES_PASSWORD ?? '',
    source: 'POSTGRES_*',
  };
}

/** The variables app-config.yaml substitutes into `backend.database`. */
export function toPostgresVariables(
  db: DatabaseEnvironment,
): Record<string, string> {
  return {
    POSTGRES_HOST: db.host,
    POSTGRES_PORT: String(db.port),
    POSTGRES_USER: db.user,
    POSTGRES_PASSWORD: db.password,
  };
}
