import { Octokit } from '@octokit/rest';
import {
  DELIVERY_HISTORY_DAYS,
  lumenRetailDeliveryHistory,
} from './lumenRetailDeliveryHistory';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import { startFakeGithub } from './startFakeGithub';
import {
  FakeGithubDelivery,
  FakeGithubDeployment,
  FakeGithubPullRequest,
  FakeGithubRepo,
} from './types';

const UNTIL = new Date('2026-11-28T12:00:00Z');
const DAY = 24 * 3600_000;
const SINCE_30_DAYS = new Date(UNTIL.getTime() - 30 * DAY).toISOString();

const CHECKOUT = ['checkout-service', 'cart-service', 'payments-service'];
const FULFILMENT = [
  'order-service',
  'inventory-service',
  'shipping-service',
  'notification-worker',
];

const isProduction = (environment: string) =>
  environment.startsWith('production');
const succeeded = (d: FakeGithubDeployment) =>
  d.statuses.some(s => s.state === 'success');

/** When main's head reached production (all regions' first): sha and time, oldest first. */
function productionShips(delivery: FakeGithubDelivery) {
  const fromDeployments = (delivery.deployments ?? [])
    .filter(
      d =>
        isProduction(d.environment) &&
        d.environment !== 'production-us' &&
        succeeded(d),
    )
    .map(d => ({ sha: d.sha, at: d.createdAt }));
  const fromRuns = (delivery.workflowRuns ?? [])
    .filter(run => run.name === 'Deploy' && run.conclusion === 'success')
    .map(run => ({ sha: run.headSha, at: run.createdAt }));
  const fromReleases = (delivery.releases ?? []).map(rel => ({
    sha: rel.targetCommitish!,
    at: rel.createdAt,
  }));
  return [...fromDeployments, ...fromRuns, ...fromReleases].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
}

const merged = (delivery: FakeGithubDelivery) =>
  (delivery.pullRequests ?? [])
    .filter(pr => pr.mergedAt)
    .sort((a, b) => a.mergedAt!.localeCompare(b.mergedAt!));

describe('lumenRetailDeliveryHistory', () => {
  const org = lumenRetailGithubOrg({ deliveryUntil: UNTIL });
  const declared = org.repos.filter(r => r.files?.['catalog-info.yaml']);
  const delivery = (name: string) =>
    org.repos.find(r => r.name === name)!.delivery!;
  const logins = new Set(org.members!.map(m => m.login));

  it('gives every declared repository a history, and the others none', () => {
    expect(declared).toHaveLength(17);
    for (const repo of org.repos) {
      expect(Boolean(repo.delivery)).toBe(declared.includes(repo));
    }
    expect(
      declared.every(repo => (repo.delivery!.pullRequests ?? []).length > 20),
    ).toBe(true);
  });

  it('is the same for the same deliveryUntil, and covers the 120 days before it', () => {
    const again = lumenRetailGithubOrg({ deliveryUntil: UNTIL });
    expect(again.repos.map(r => r.delivery)).toEqual(
      org.repos.map(r => r.delivery),
    );
    const direct = lumenRetailDeliveryHistory('checkout-service', {
      until: UNTIL,
      squad: 'checkout-squad',
      engineers: ['lucas.ferreira', 'hannah.schmidt', 'kenji.watanabe'],
      reviewers: [...logins].filter(
        l =>
          ![
            'lucas.ferreira',
            'hannah.schmidt',
            'kenji.watanabe',
            'guest',
          ].includes(l),
      ),
    });
    expect(direct).toEqual(delivery('checkout-service'));

    const later = lumenRetailGithubOrg({
      deliveryUntil: new Date(UNTIL.getTime() + 7 * DAY),
    });
    expect(later.repos[0].delivery).not.toEqual(org.repos[0].delivery);

    const start = new Date(
      UNTIL.getTime() - DELIVERY_HISTORY_DAYS * DAY,
    ).toISOString();
    const end = UNTIL.toISOString();
    for (const repo of declared) {
      const d = repo.delivery!;
      const times = [
        ...(d.deployments ?? []).flatMap(x => [
          x.createdAt,
          ...x.statuses.map(s => s.createdAt),
        ]),
        ...(d.pullRequests ?? []).flatMap(pr => [
          pr.createdAt,
          pr.updatedAt!,
          ...(pr.reviews ?? []).map(r => r.submittedAt),
        ]),
        ...(d.issues ?? []).flatMap(i => [
          i.createdAt,
          i.closedAt ?? i.createdAt,
        ]),
        ...(d.workflowRuns ?? []).map(r => r.updatedAt),
        ...(d.releases ?? []).map(r => r.publishedAt!),
      ];
      expect(times.every(t => t <= end)).toBe(true);
      expect((d.deployments ?? []).every(x => x.createdAt >= start)).toBe(true);
      expect(
        (d.pullRequests ?? []).every(
          pr => !pr.closedAt || pr.closedAt >= start,
        ),
      ).toBe(true);
    }
  });

  it('writes pull requests of 1–3 commits, reviewed by other members, squash-merged', () => {
    const pulls = declared.flatMap(repo => repo.delivery!.pullRequests!);
    const reviews = pulls.flatMap(pr =>
      (pr.reviews ?? []).map(review => ({ pr, review })),
    );
    const commitShas = new Set(pulls.flatMap(pr => pr.commits.map(c => c.sha)));
    const mergedPulls = pulls.filter(pr => pr.mergedAt);
    const mergeShas = new Set(mergedPulls.map(pr => pr.mergeCommitSha!));

    expect(
      pulls.filter(pr => pr.commits.length < 1 || pr.commits.length > 3),
    ).toEqual([]);
    expect(
      pulls.filter(pr => !(pr.commits[0].authoredAt < pr.createdAt)),
    ).toEqual([]);
    expect(pulls.filter(pr => !logins.has(pr.user))).toEqual([]);
    expect(
      [...commitShas, ...mergeShas].filter(sha => !/^[0-9a-f]{40}$/.test(sha)),
    ).toEqual([]);
    expect(
      reviews.filter(
        ({ pr, review }) =>
          !logins.has(review.user) ||
          review.user === pr.user ||
          review.submittedAt < pr.createdAt,
      ),
    ).toEqual([]);
    expect(
      mergedPulls.filter(
        pr =>
          !pr.reviews?.some(r => r.state === 'APPROVED') ||
          !(pr.mergedAt! > pr.createdAt),
      ),
    ).toEqual([]);
    expect(
      pulls.filter(pr => !pr.mergedAt && pr.mergeCommitSha !== undefined),
    ).toEqual([]);
    // Squash merges: the commit on main is none of the branch's commits.
    expect([...mergeShas].filter(sha => commitShas.has(sha))).toEqual([]);
    expect(mergeShas.size).toBeGreaterThan(1000);
  });

  it('deploys every merged change to production later, bar the last few', () => {
    const undeployed = ['design-system', 'service-chassis'];
    expect(undeployed.map(name => productionShips(delivery(name)))).toEqual([
      [],
      [],
    ]);
    for (const repo of declared.filter(r => !undeployed.includes(r.name))) {
      const d = repo.delivery!;
      const ships = productionShips(d);
      const merges = merged(d);
      const position = new Map(merges.map((pr, i) => [pr.mergeCommitSha, i]));
      // What shipped is main's head at the time: a merge commit (at first,
      // perhaps one merged before the window).
      const firstKnown = ships.findIndex(s => position.has(s.sha));
      expect(firstKnown).toBeGreaterThanOrEqual(0);
      expect(ships.slice(firstKnown).every(s => position.has(s.sha))).toBe(
        true,
      );
      const unshipped = merges.filter(
        (pr, i) =>
          !ships.some(s => s.at >= pr.mergedAt! && position.get(s.sha)! >= i),
      );
      // Only the newest merges may still wait for the next train.
      const lastShip = ships[ships.length - 1];
      expect(unshipped.every(pr => pr.mergedAt! >= ships[0].at)).toBe(true);
      expect(
        unshipped.every(
          pr => position.get(pr.mergeCommitSha)! > position.get(lastShip.sha)!,
        ),
      ).toBe(true);
      expect(unshipped.length).toBeLessThan(10);
    }
  });

  it('ships each deployment through staging before production', () => {
    for (const name of ['checkout-service', 'order-service']) {
      const deployments = delivery(name).deployments!;
      for (const prod of deployments.filter(
        d => isProduction(d.environment) && succeeded(d),
      )) {
        expect(
          deployments.some(
            d =>
              d.environment === 'staging' &&
              d.sha === prod.sha &&
              succeeded(d) &&
              d.createdAt < prod.createdAt,
          ),
        ).toBe(true);
      }
    }
    const environments = (name: string) =>
      [...new Set(delivery(name).deployments!.map(d => d.environment))].sort();
    expect(environments('checkout-service')).toEqual([
      'production-eu',
      'production-us',
      'staging',
    ]);
    expect(environments('payments-service')).toEqual([
      'production-eu',
      'production-us',
      'staging',
    ]);
    expect(environments('order-service')).toEqual(['production', 'staging']);
  });

  it("makes an environment's earlier successful deployment inactive when the next one succeeds", () => {
    for (const repo of declared) {
      const deployments = repo.delivery!.deployments ?? [];
      const byEnvironment = new Map<string, FakeGithubDeployment[]>();
      for (const d of deployments.filter(succeeded)) {
        byEnvironment.set(d.environment, [
          ...(byEnvironment.get(d.environment) ?? []),
          d,
        ]);
      }
      for (const list of byEnvironment.values()) {
        const timeOf = (d: FakeGithubDeployment | undefined, state: string) =>
          d?.statuses.find(s => s.state === state)?.createdAt;
        expect(list.map(d => timeOf(d, 'inactive'))).toEqual(
          list.map((_, i) => timeOf(list[i + 1], 'success')),
        );
        expect(list.map(d => d.statuses.map(s => s.state))).toEqual(
          list.map((_, i) =>
            i < list.length - 1
              ? ['in_progress', 'success', 'inactive']
              : ['in_progress', 'success'],
          ),
        );
      }
      const failed = deployments.filter(d =>
        d.statuses.some(s => s.state === 'failure'),
      );
      expect(failed.every(d => d.statuses.length === 2)).toBe(true);
    }
  });

  it('has incidents after production deploys, and reverts that hotfix them', () => {
    const incidents = declared.flatMap(repo =>
      (repo.delivery!.issues ?? [])
        .filter(i => i.labels.includes('incident'))
        .map(i => ({ repo, incident: i })),
    );
    expect(incidents.length).toBeGreaterThan(20);
    expect(
      incidents.filter(
        ({ repo, incident }) =>
          !productionShips(repo.delivery!).some(s => s.at < incident.createdAt),
      ),
    ).toEqual([]);
    expect(
      incidents.filter(
        ({ incident }) =>
          incident.closedAt && !(incident.closedAt > incident.createdAt),
      ),
    ).toEqual([]);

    const reverts = declared.flatMap(repo =>
      repo
        .delivery!.pullRequests!.filter(pr => pr.title.startsWith('Revert "'))
        .map(pr => ({ repo, pr })),
    );
    expect(reverts.length).toBeGreaterThan(5);
    const reverted = reverts.map(({ repo, pr }) => {
      const match = /^Reverts lumen-retail\/([\w-]+)#(\d+)$/.exec(pr.body!);
      const original = repo.delivery!.pullRequests!.find(
        p => p.number === Number(match?.[2]),
      );
      return { repo, pr, repoInBody: match?.[1], original };
    });
    expect(reverted.filter(r => r.repoInBody !== r.repo.name)).toEqual([]);
    // Those that revert a change from before the window find no original.
    const found = reverted.filter(r => r.original);
    expect(found.length).toBeGreaterThan(5);
    expect(
      found.filter(
        ({ pr, original }) =>
          pr.title !== `Revert "${original!.title}"` ||
          !(original!.mergedAt! < pr.createdAt),
      ),
    ).toEqual([]);
    expect(
      reverts.filter(({ pr }) => pr.labels!.join() !== 'revert,incident'),
    ).toEqual([]);

    // The hotfix: a merged revert reaches production within two hours.
    const hotfixHours = reverts
      .filter(
        ({ pr }) =>
          pr.mergedAt &&
          Date.parse(pr.mergedAt) < UNTIL.getTime() - 2 * 3600_000,
      )
      .map(({ repo, pr }) => {
        const position = new Map(
          merged(repo.delivery!).map((p, i) => [p.mergeCommitSha, i]),
        );
        const revertAt = position.get(pr.mergeCommitSha)!;
        const hotfix = productionShips(repo.delivery!).find(
          s => s.at >= pr.mergedAt! && position.get(s.sha)! >= revertAt,
        );
        return hotfix
          ? (Date.parse(hotfix.at) - Date.parse(pr.mergedAt!)) / 3600_000
          : Infinity;
      });
    expect(hotfixHours.length).toBeGreaterThan(5);
    expect(hotfixHours.filter(hours => hours >= 2)).toEqual([]);
  });

  it('ranks squads differently: checkout ships more often, fulfilment has more incidents per deploy', () => {
    const rollouts = (name: string) =>
      productionShips(delivery(name)).filter(s => s.at >= SINCE_30_DAYS).length;
    const checkout = CHECKOUT.map(rollouts);
    const fulfilment = FULFILMENT.map(rollouts);
    expect(Math.min(...checkout)).toBeGreaterThan(Math.max(...fulfilment));
    expect(Math.min(...checkout)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...fulfilment)).toBeLessThanOrEqual(15);

    const incidentRate = (names: string[]) => {
      const incidents = names.flatMap(name =>
        (delivery(name).issues ?? []).filter(i =>
          i.labels.includes('incident'),
        ),
      ).length;
      const ships = names.flatMap(name =>
        productionShips(delivery(name)),
      ).length;
      return incidents / ships;
    };
    expect(incidentRate(FULFILMENT)).toBeGreaterThan(
      3 * incidentRate(CHECKOUT),
    );

    // Lead time from first commit to merge: hours for checkout, days for fulfilment.
    const medianHours = (names: string[]) => {
      const hours = names
        .flatMap(name => merged(delivery(name)))
        .map(
          (pr: FakeGithubPullRequest) =>
            (Date.parse(pr.mergedAt!) - Date.parse(pr.commits[0].authoredAt)) /
            3600_000,
        )
        .sort((a, b) => a - b);
      return hours[Math.floor(hours.length / 2)];
    };
    expect(medianHours(CHECKOUT)).toBeLessThan(24);
    expect(medianHours(FULFILMENT)).toBeGreaterThan(72);
  });

  it('deploys notification-worker and search-service with a Deploy workflow, and releases auth-sdk', () => {
    for (const name of ['notification-worker', 'search-service']) {
      const d = delivery(name);
      expect(d.deployments).toEqual([]);
      const deploys = d.workflowRuns!.filter(r => r.name === 'Deploy');
      expect(deploys.length).toBeGreaterThan(10);
      expect(
        deploys.every(r => r.path === '.github/workflows/deploy.yml'),
      ).toBe(true);
      expect(deploys.some(r => r.conclusion === 'success')).toBe(true);
      expect(d.workflowRuns!.some(r => r.name === 'CI')).toBe(true);
      const repo = org.repos.find(r => r.name === name)!;
      expect(repo.files!['.github/workflows/deploy.yml']).toContain(
        'name: Deploy',
      );
    }
    // Some deploys fail; some failures are re-run as a second attempt.
    const deployRuns = ['notification-worker', 'search-service'].flatMap(name =>
      delivery(name).workflowRuns!.filter(r => r.name === 'Deploy'),
    );
    expect(
      deployRuns.some(r => r.conclusion === 'failure' || r.runAttempt === 2),
    ).toBe(true);
    expect(
      new Set(delivery('search-service').workflowRuns!.map(r => r.event)),
    ).toEqual(new Set(['push', 'pull_request']));
    expect(
      new Set(
        delivery('notification-worker')
          .workflowRuns!.filter(r => r.name === 'Deploy')
          .map(r => r.event),
      ),
    ).toEqual(new Set(['workflow_dispatch']));

    const releases = delivery('auth-sdk').releases!;
    expect(releases.length).toBeGreaterThan(10);
    expect(releases.every(r => /^v\d+\.\d+\.\d+$/.test(r.tagName))).toBe(true);
    expect(delivery('auth-sdk').deployments).toEqual([]);
  });

  it('numbers pull requests and issues in one sequence, and ids uniquely across the org', () => {
    for (const repo of declared) {
      const d = repo.delivery!;
      const items = [...d.pullRequests!, ...d.issues!].sort(
        (a, b) => a.number - b.number,
      );
      expect(new Set(items.map(i => i.number)).size).toBe(items.length);
      const created = items.map(i => i.createdAt);
      expect(created).toEqual([...created].sort());
    }
    const ids = (pick: (repo: FakeGithubRepo) => number[]) => {
      const all = declared.flatMap(pick);
      expect(new Set(all).size).toBe(all.length);
    };
    ids(r => (r.delivery!.deployments ?? []).map(d => d.id));
    ids(r => (r.delivery!.workflowRuns ?? []).map(d => d.id));
    ids(r => (r.delivery!.releases ?? []).map(d => d.id));
    ids(r =>
      r.delivery!.pullRequests!.flatMap(pr =>
        (pr.reviews ?? []).map(x => x.id),
      ),
    );
  });

  it('is served by the fake GitHub: production deployments, their statuses and incidents', async () => {
    const server = await startFakeGithub(org);
    try {
      const octokit = new Octokit({ baseUrl: server.apiBaseUrl });
      const repo = { owner: 'lumen-retail', repo: 'checkout-service' };
      const deployments = await octokit.paginate(
        octokit.rest.repos.listDeployments,
        { ...repo, environment: 'production-eu', per_page: 100 },
      );
      expect(deployments.length).toBeGreaterThan(100);
      const ids = deployments.map(d => Number(d.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));

      // An older deployment went inactive when a later one succeeded: its
      // updated_at is that later time, not when it shipped.
      const old = deployments[5];
      const statuses = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: Number(old.id),
      });
      expect(statuses.data.map(s => s.state)).toEqual([
        'inactive',
        'success',
        'in_progress',
      ]);
      expect(old.updated_at).toBe(statuses.data[0].created_at);
      expect(old.updated_at > statuses.data[1].created_at).toBe(true);

      const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        ...repo,
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: 50,
      });
      expect(pulls.length).toBe(
        delivery('checkout-service').pullRequests!.filter(pr => pr.closedAt)
          .length,
      );
      const updated = pulls.map(pr => pr.updated_at);
      expect(updated).toEqual([...updated].sort().reverse());

      const incidents = await octokit.paginate(
        octokit.rest.issues.listForRepo,
        { ...repo, state: 'all', labels: 'incident', per_page: 100 },
      );
      expect(incidents.some(i => i.pull_request)).toBe(true);
      expect(incidents.some(i => !i.pull_request)).toBe(true);

      const runs = await octokit.rest.actions.listWorkflowRuns({
        owner: 'lumen-retail',
        repo: 'notification-worker',
        workflow_id: 'deploy.yml',
        created: `>=${SINCE_30_DAYS.slice(0, 10)}`,
      });
      expect(runs.data.total_count).toBeGreaterThan(3);
      expect(
        runs.data.workflow_runs.every(
          r =>
            r.name === 'Deploy' && r.created_at >= SINCE_30_DAYS.slice(0, 10),
        ),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });
});
