import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { z } from 'zod';

/** The PostgreSQL channel every replica listens on for flag and API key changes. */
export const FLAG_CHANGES_CHANNEL = 'paved_feature_flags';

const flagChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flags'), entityRef: z.string() }),
  z.object({ type: z.literal('api-keys') }),
]);

/** What changed: a Component's flag set (any environment), or API keys. */
export type FlagChange = z.infer<typeof flagChangeSchema>;

/**
 * Tells every replica, when the transaction commits, that something
 * changed (PostgreSQL delivers NOTIFY at commit, and not at all on
 * rollback).
 */
export async function notifyFlagChange(
  tx: Knex | Knex.Transaction,
  change: FlagChange,
): Promise<void> {
  await tx.raw('SELECT pg_notify(?, ?)', [
    FLAG_CHANGES_CHANNEL,
    JSON.stringify(change),
  ]);
}

type RawConnection = {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (m: { payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  removeAllListeners(): void;
};

/**
 * How often the listener checks its connection, and how long the check may
 * take: a silent network partition (no FIN) is noticed within twice this,
 * and until then an evaluation may serve a flag changed meanwhile.
 */
const KEEPALIVE_MS = 5_000;
const RETRY_MS = [250, 1_000, 5_000, 15_000];

/**
 * Listens for flag changes on a dedicated PostgreSQL connection (LISTEN),
 * reconnecting with backoff. `onChange` gets each change; `onConnected`
 * fires on every (re)connection, after which anything cached from before
 * may have missed changes; `onDisconnected` when the connection is lost.
 */
export class FlagChangeListener {
  private connection?: RawConnection;
  private keepalive?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly db: Knex,
    private readonly logger: LoggerService,
    private readonly handlers: {
      onChange(change: FlagChange): void;
      onConnected(): void;
      onDisconnected(): void;
    },
  ) {}

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** Connects (the first attempt is awaited; later ones run in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const connection = this.connection;
    this.drop();
    if (connection) {
      await this.db.client
        .destroyRawConnection(connection)
        .catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let connection: RawConnection | undefined;
    try {
      connection =
        (await this.db.client.acquireRawConnection()) as RawConnection;
      await connection.query(`LISTEN ${FLAG_CHANGES_CHANNEL}`);
    } catch (error) {
      if (connection) {
        await this.db.client
          .destroyRawConnection(connection)
          .catch(() => undefined);
      }
      this.scheduleReconnect(error);
      return;
    }
    if (this.stopped) {
      await this.db.client.destroyRawConnection(connection);
      return;
    }
    const lost = (error?: Error) => {
      if (this.connection !== connection) return;
      this.drop();
      this.db.client.destroyRawConnection(connection).catch(() => undefined);
      this.handlers.onDisconnected();
      this.scheduleReconnect(error ?? new Error('connection ended'));
    };
    connection.on('notification', message => {
      const parsed = flagChangeSchema.safeParse(
        safeJson(message.payload ?? ''),
      );
      if (parsed.success) this.handlers.onChange(parsed.data);
    });
    connection.on('error', lost);
    connection.on('end', lost);
    this.keepalive = setInterval(() => {
      let timer: NodeJS.Timeout | undefined;
      Promise.race([
        // LISTEN again is a no-op that keeps the connection recognisable
        // in pg_stat_activity as the listener.
        connection!.query(`LISTEN ${FLAG_CHANGES_CHANNEL}`),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('keepalive timed out')),
            KEEPALIVE_MS,
          );
        }),
      ])
        .catch(lost)
        .finally(() => clearTimeout(timer));
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    this.connection = connection;
    this.attempts = 0;
    this.handlers.onConnected();
  }

  private drop() {
    clearInterval(this.keepalive);
    this.keepalive = undefined;
    const connection = this.connection;
    connection?.removeAllListeners();
    // A late error from a dropped connection must not crash the process.
    connection?.on('error', () => {});
    this.connection = undefined;
  }

  private scheduleReconnect(error: unknown) {
    if (this.stopped) return;
    const delay = RETRY_MS[Math.min(this.attempts, RETRY_MS.length - 1)];
    this.attempts += 1;
    this.logger.warn(
      `Feature flag change listener disconnected (${error}); evaluating from the database until it reconnects in ${delay} ms`,
    );
    this.retry = setTimeout(() => {
      this.connect().catch(() => undefined);
    }, delay);
    this.retry.unref();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
