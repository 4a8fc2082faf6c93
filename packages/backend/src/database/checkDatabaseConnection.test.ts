import { createServer, Server } from 'node:net';
import { checkDatabaseConnection } from './checkDatabaseConnection';
import { readDatabaseEnvironment } from './databaseEnvironment';

// The test command points this at the PostgreSQL it uses for every test.
const testServer = new URL(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432',
);

function closedPort(): Promise<number> {
  return new Promise(resolve => {
    const server: Server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('checkDatabaseConnection', () => {
  it('accepts a reachable PostgreSQL', async () => {
    await expect(
      checkDatabaseConnection(
        readDatabaseEnvironment({ DATABASE_URL: testServer.toString() }),
      ),
    ).resolves.toBeUndefined();
  });

  it('names POSTGRES_HOST/POSTGRES_PORT when nothing listens there', async () => {
    const port = await closedPort();
    await expect(
      checkDatabaseConnection(
        readDatabaseEnvironment({
          POSTGRES_HOST: '127.0.0.1',
          POSTGRES_PORT: String(port),
          POSTGRES_USER: 'postgres',
        }),
      ),
    ).rejects.toThrow(
      `cannot connect to PostgreSQL at 127.0.0.1:${port} (check POSTGRES_HOST/POSTGRES_PORT)`,
    );
  });

  it('names POSTGRES_USER/POSTGRES_PASSWORD when the role does not exist', async () => {
    await expect(
      checkDatabaseConnection(
        readDatabaseEnvironment({
          POSTGRES_HOST: testServer.hostname,
          POSTGRES_PORT: testServer.port || '5432',
          POSTGRES_USER: 'no_such_role_paved',
        }),
      ),
    ).rejects.toThrow(/rejected user "no_such_role_paved" \(check POSTGRES_USER\/POSTGRES_PASSWORD\)/);
  });
});
