import { CostImport } from '@internal/plugin-cost-common';
import { costSourceStatus, KnownSource } from './sourceStatus';

const now = new Date('2026-11-29T12:00:00Z');
const openCost: KnownSource = {
  source: 'opencost-production',
  kind: 'opencost',
  location: 'http://opencost:9003 (cluster production)',
};

function costImport(overrides: Partial<CostImport>): CostImport {
  return {
    id: '1',
    source: 'opencost-production',
    fileName: null,
    status: 'succeeded',
    billingPeriods: ['2026-11-01'],
    rows: 10,
    problemCount: 0,
    problems: [],
    startedAt: '2026-11-29T06:00:00.000Z',
    finishedAt: '2026-11-29T06:01:00.000Z',
    startedBy: 'scheduler',
    ...overrides,
  };
}

const status = (
  known: KnownSource,
  lastImport?: CostImport,
  lastSucceeded?: CostImport,
) =>
  costSourceStatus({
    known,
    lastImport,
    lastSucceeded,
    staleAfterHours: 36,
    now,
  });

describe('costSourceStatus', () => {
  it('is fresh after a recent good import', () => {
    const good = costImport({});
    expect(status(openCost, good, good)).toMatchObject({
      stale: false,
      reason: null,
      lastSucceeded: good,
    });
  });

  it('says why when the last import failed, and which data is shown instead', () => {
    const good = costImport({});
    const failed = costImport({
      id: '2',
      status: 'failed',
      problemCount: 1,
      problems: [
        {
          line: 0,
          message:
            'OpenCost at http://opencost:9003 answered 504 Gateway Timeout — 4 attempts for the day 2026-11-03',
        },
      ],
      finishedAt: '2026-11-29T11:00:00.000Z',
    });
    const result = status(openCost, failed, good);
    expect(result.stale).toBe(true);
    expect(result.reason).toBe(
      'The last import failed — OpenCost at http://opencost:9003 answered 504 Gateway Timeout — 4 attempts for the day 2026-11-03; the data is from the import of 2026-11-29T06:01 UTC.',
    );
  });

  it('names the line of a bad file and how many more problems it had', () => {
    const failed = costImport({
      status: 'failed',
      problemCount: 3,
      problems: [{ line: 7, column: 'BilledCost', message: 'is not a number' }],
    });
    expect(status({ ...openCost, kind: 'focus-file' }, failed).reason).toBe(
      'The last import failed — line 7: is not a number (and 2 more); no import of it has succeeded.',
    );
  });

  it('is stale when the last good import is older than the limit', () => {
    const old = costImport({ finishedAt: '2026-11-26T12:00:00.000Z' });
    expect(status(openCost, old, old).reason).toBe(
      'The last good import is 3 days old (more than 36 hours): is the scheduler running?',
    );
  });

  it('does not age uploads: they come when someone uploads', () => {
    const old = costImport({ finishedAt: '2026-10-01T12:00:00.000Z' });
    expect(status({ ...openCost, kind: 'upload' }, old, old).stale).toBe(false);
  });

  it('is stale until a configured source was first imported', () => {
    expect(status(openCost).reason).toBe(
      'Not imported yet: the first scheduled import has not run.',
    );
    expect(status(openCost, costImport({ status: 'running' })).reason).toBe(
      'The first import is still running.',
    );
  });
});
