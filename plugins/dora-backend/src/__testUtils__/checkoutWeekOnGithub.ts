import { FakeGithubRepo } from '@internal/fake-cloud';

/**
 * One week (Mon 2 – Mon 9 November 2026) of checkout-service as GitHub
 * serves it, with the metrics a person computes from it by hand
 * (githubBackfill.test.ts checks the API returns exactly these):
 *
 * - PR 1 squash-merged (its merge SHA is none of its commits) and deployed
 *   alone by D101; PRs 2 and 3 shipped together by D102; PR 4 reverts PR 3
 *   and ships with D103; PR 5 was closed unmerged.
 * - D100 went to staging only; D104 failed; D105 never finished.
 * - Issue 10 (label `incident`) hit after D102; issue 11 is a plain bug.
 */
export const CHECKOUT_REPOSITORY = 'lumen-retail/checkout-service';

export const M1 = '1111111111111111111111111111111111111111';
export const M2 = '2222222222222222222222222222222222222222';
export const M3 = '3333333333333333333333333333333333333333';
export const M4 = '4444444444444444444444444444444444444444';

const commit = (digit: string, authoredAt: string) => ({
  sha: digit.repeat(40),
  message: `work ${digit}`,
  author: 'ana.silva',
  authoredAt,
});

const review = (id: number, submittedAt: string) => ({
  id,
  user: 'ben.okafor',
  state: 'APPROVED' as const,
  submittedAt,
});

const success = (createdAt: string) => ({
  state: 'success' as const,
  createdAt,
});
const inProgress = (createdAt: string) => ({
  state: 'in_progress' as const,
  createdAt,
});
const inactive = (createdAt: string) => ({
  state: 'inactive' as const,
  createdAt,
});

export const checkoutWeekDelivery: NonNullable<FakeGithubRepo['delivery']> = {
  pullRequests: [
    {
      number: 1,
      title: 'Basket API',
      user: 'ana.silva',
      commits: [
        commit('a', '2026-11-02T08:00:00Z'),
        commit('b', '2026-11-02T09:30:00Z'),
      ],
      createdAt: '2026-11-02T10:00:00Z',
      reviews: [review(1, '2026-11-02T11:00:00Z')],
      mergedAt: '2026-11-02T12:00:00Z',
      mergeCommitSha: M1,
    },
    {
      number: 2,
      title: 'Faster totals',
      user: 'ana.silva',
      commits: [commit('c', '2026-11-03T07:00:00Z')],
      createdAt: '2026-11-03T08:00:00Z',
      reviews: [review(2, '2026-11-03T08:30:00Z')],
      mergedAt: '2026-11-03T09:00:00Z',
      mergeCommitSha: M2,
    },
    {
      number: 3,
      title: 'Tax rounding',
      user: 'ana.silva',
      commits: [commit('d', '2026-11-03T06:00:00Z')],
      createdAt: '2026-11-03T09:00:00Z',
      reviews: [review(3, '2026-11-03T10:00:00Z')],
      mergedAt: '2026-11-03T11:00:00Z',
      mergeCommitSha: M3,
    },
    {
      number: 4,
      title: 'Revert "Tax rounding"',
      body: 'Reverts lumen-retail/checkout-service#3',
      user: 'ana.silva',
      commits: [commit('e', '2026-11-04T10:00:00Z')],
      createdAt: '2026-11-04T10:05:00Z',
      reviews: [review(4, '2026-11-04T10:10:00Z')],
      mergedAt: '2026-11-04T10:20:00Z',
      mergeCommitSha: M4,
    },
    {
      number: 5,
      title: 'Abandoned experiment',
      user: 'ana.silva',
      commits: [commit('f', '2026-11-05T07:00:00Z')],
      createdAt: '2026-11-05T08:00:00Z',
      closedAt: '2026-11-05T09:00:00Z',
    },
  ],
  deployments: [
    {
      id: 100,
      sha: M1,
      environment: 'staging',
      createdAt: '2026-11-02T12:10:00Z',
      statuses: [success('2026-11-02T12:20:00Z')],
    },
    {
      id: 101,
      sha: M1,
      environment: 'production',
      createdAt: '2026-11-02T12:30:00Z',
      statuses: [
        inProgress('2026-11-02T12:31:00Z'),
        success('2026-11-02T13:00:00Z'),
        // D102 made it inactive: GitHub's updated_at moves here.
        inactive('2026-11-03T12:00:00Z'),
      ],
    },
    {
      id: 102,
      sha: M3,
      environment: 'production',
      createdAt: '2026-11-03T11:30:00Z',
      statuses: [
        inProgress('2026-11-03T11:31:00Z'),
        success('2026-11-03T12:00:00Z'),
        inactive('2026-11-04T11:00:00Z'),
      ],
    },
    {
      id: 103,
      sha: M4,
      environment: 'production',
      createdAt: '2026-11-04T10:30:00Z',
      statuses: [success('2026-11-04T11:00:00Z')],
    },
    {
      id: 104,
      sha: M4,
      environment: 'production',
      createdAt: '2026-11-05T09:00:00Z',
      statuses: [
        inProgress('2026-11-05T09:01:00Z'),
        { state: 'failure', createdAt: '2026-11-05T09:10:00Z' },
      ],
    },
    {
      id: 105,
      sha: M4,
      environment: 'production',
      createdAt: '2026-11-06T09:00:00Z',
      statuses: [inProgress('2026-11-06T09:01:00Z')],
    },
  ],
  issues: [
    {
      number: 10,
      title: 'Totals wrong for EU shoppers',
      user: 'cara.lind',
      labels: ['incident', 'sev2'],
      createdAt: '2026-11-03T13:00:00Z',
      closedAt: '2026-11-04T11:30:00Z',
    },
    {
      number: 11,
      title: 'Typo on the basket page',
      user: 'cara.lind',
      labels: ['bug'],
      createdAt: '2026-11-03T14:00:00Z',
    },
  ],
};
