/** A job as the worker took it from the queue. */
export interface Job {
  /** The row's id (a bigint, as a string). */
  id: string;
  /** Which handler runs it, e.g. `send-welcome-email`. */
  type: string;
  /** The handler's input (JSON). */
  payload: unknown;
  /** How many attempts failed before this one (0 on the first). */
  attempts: number;
  /** When the job became due: its creation, or the end of its last backoff. */
  runAfter: Date;
  createdAt: Date;
}

/** What happens to a job whose attempt failed. */
export type FailOutcome =
  /** Back to the queue, to run again after `delayMs`. */
  | { dead: false; error: string; delayMs: number }
  /** To the dead-letter state: it is not run again until someone requeues it. */
  | { dead: true; error: string };

/**
 * A job taken from the queue. It stays locked (by the transaction that
 * selected it, `FOR UPDATE SKIP LOCKED`) until one of these is called;
 * if the process dies first, PostgreSQL rolls the transaction back and the
 * job is in the queue again, unchanged.
 */
export interface JobLease {
  readonly job: Job;
  /** Marks the job succeeded. */
  succeed(): Promise<void>;
  /** Counts the attempt as failed: retry later, or dead. */
  fail(outcome: FailOutcome): Promise<void>;
  /** Gives the job back untouched (the attempt does not count), e.g. at shutdown. */
  release(): Promise<void>;
}

export interface QueueStats {
  /** Queued jobs that are due now. */
  ready: number;
  /** Queued jobs waiting for their retry time. */
  scheduled: number;
  /** Jobs in the dead-letter state. */
  dead: number;
  /** Seconds the oldest due job has been waiting; 0 when none is. */
  oldestReadyAgeSeconds: number;
}

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Stored in the payload as `correlationId`; a new UUID when omitted. */
  correlationId?: string;
}

/** The queue as the worker sees it; tests use an in-memory fake. */
export interface JobStore {
  /** Creates the table and its index if they do not exist; safe to run from every replica at once. */
  migrate(): Promise<void>;
  /** Takes the next due job, or `undefined` when none is due. */
  claim(): Promise<JobLease | undefined>;
  /** Adds a job; returns its id. */
  enqueue(type: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<string>;
  stats(): Promise<QueueStats>;
  /** Runs `SELECT 1`; rejects when the database cannot answer. */
  ping(): Promise<void>;
  /** Ends every connection; waits for queries in flight. */
  close(): Promise<void>;
}
