import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { GithubSyncStatus } from '@internal/plugin-dora-common';
import { doraApiRef } from '../api/DoraApi';
import { makeDoraApi } from '../testing/fixtures';
import { formatDateTime } from './formatting';
import { NoDeploymentsHint } from './NoDeploymentsHint';

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    // Annotations may be mixed case; the backfill names repositories in lower case.
    annotations: { 'github.com/project-slug': 'Lumen-Retail/Checkout-Service' },
  },
  spec: { type: 'service', owner: 'checkout-squad' },
};

const REPOSITORY = 'lumen-retail/checkout-service';

const lastPass = (
  repositories: NonNullable<
    Extract<GithubSyncStatus, { enabled: true }>['lastPass']
  >['repositories'],
) => ({
  startedAt: '2026-11-23T11:30:00.000Z',
  finishedAt: '2026-11-23T11:32:00.000Z',
  requests: 120,
  repositories,
});

function render(
  githubSync: () => Promise<GithubSyncStatus>,
  entity: Entity = checkout,
) {
  return renderInTestApp(
    <NoDeploymentsHint windowDays={30} entity={entity} />,
    { apis: [[doraApiRef, makeDoraApi({ githubSync })]] },
  );
}

const hint = () => screen.getByRole('region', { name: 'Why is this empty' });
const backfill = async () =>
  within(await screen.findByRole('region', { name: 'GitHub backfill' }));

describe('NoDeploymentsHint', () => {
  it('says the backfill is off when dora.github is not configured', async () => {
    render(async () => ({ enabled: false }));
    const status = await backfill();
    expect(status.getByText(/The GitHub backfill is off/)).toBeInTheDocument();
    expect(status.getByText('dora.github')).toBeInTheDocument();
    expect(
      status.getByText('Lumen-Retail/Checkout-Service'),
    ).toBeInTheDocument();
  });

  it('says the backfill has not read the repository yet', async () => {
    render(async () => ({
      enabled: true,
      running: false,
      cursors: [
        {
          repository: 'lumen-retail/cart-service',
          stream: 'pulls',
          syncedUntil: '2026-11-23T11:00:00.000Z',
        },
      ],
    }));
    const status = await backfill();
    expect(
      status.getByText(/The GitHub backfill has not read/),
    ).toHaveTextContent(
      'The GitHub backfill has not read Lumen-Retail/Checkout-Service yet. It reads every component’s repository every 30 minutes by default.',
    );
  });

  it('says a pass is running when it has not read the repository yet', async () => {
    render(async () => ({ enabled: true, running: true, cursors: [] }));
    const status = await backfill();
    expect(status.getByText(/has not read/)).toHaveTextContent(
      'has not read Lumen-Retail/Checkout-Service yet. A pass is running now.',
    );
  });

  it('says when the backfill last read the repository and what it found', async () => {
    render(async () => ({
      enabled: true,
      running: false,
      lastPass: lastPass([
        {
          repository: REPOSITORY,
          deployments: 3,
          changes: 7,
          incidents: 0,
          errors: [],
        },
      ]),
      cursors: [
        {
          repository: REPOSITORY,
          stream: 'pulls',
          syncedUntil: '2026-11-23T11:31:00.000Z',
        },
        {
          repository: REPOSITORY,
          stream: 'deployments',
          syncedUntil: '2026-11-23T11:32:00.000Z',
        },
        {
          repository: 'lumen-retail/cart-service',
          stream: 'deployments',
          syncedUntil: '2026-11-23T11:40:00.000Z',
        },
      ],
    }));
    const status = await backfill();
    expect(status.getByText(/last read/)).toHaveTextContent(
      `The GitHub backfill last read Lumen-Retail/Checkout-Service up to ${formatDateTime(
        '2026-11-23T11:32:00.000Z',
      )}. Its last pass found 3 deployments there.`,
    );
  });

  it('says where it looks when the last pass found no deployment, and that a pass runs', async () => {
    render(async () => ({
      enabled: true,
      running: true,
      lastPass: lastPass([
        {
          repository: REPOSITORY,
          deployments: 0,
          changes: 2,
          incidents: 0,
          errors: [],
        },
      ]),
      cursors: [
        {
          repository: REPOSITORY,
          stream: 'releases',
          syncedUntil: '2026-11-23T11:32:00.000Z',
        },
      ],
    }));
    const status = await backfill();
    const text = status.getByText(/last read/);
    expect(text).toHaveTextContent('Its last pass found 0 deployments there.');
    expect(text).toHaveTextContent(
      'It looks for GitHub Deployments, else runs of the workflows dora.github.deployWorkflows names, else releases.',
    );
    expect(text).toHaveTextContent('A pass is running now.');
  });

  it('says the last pass failed for the repository, with the stream and message', async () => {
    render(async () => ({
      enabled: true,
      running: false,
      lastPass: lastPass([
        {
          repository: REPOSITORY,
          deployments: 0,
          changes: 4,
          incidents: 0,
          errors: [
            {
              stream: 'deployments',
              message: 'GitHub answered 403: Resource not accessible',
            },
          ],
        },
      ]),
      cursors: [
        {
          repository: REPOSITORY,
          stream: 'pulls',
          syncedUntil: '2026-11-23T11:31:00.000Z',
        },
      ],
    }));
    const status = await backfill();
    expect(status.getByText(/The last GitHub backfill pass/)).toHaveTextContent(
      `The last GitHub backfill pass (finished ${formatDateTime(
        '2026-11-23T11:32:00.000Z',
      )}) failed for Lumen-Retail/Checkout-Service:`,
    );
    expect(
      status.getByText(
        'GitHub Deployments: GitHub answered 403: Resource not accessible',
      ),
    ).toBeInTheDocument();
    expect(status.getByText(/The next pass reads these again/)).toBeVisible();
  });

  it('shows only the general text while the status loads', async () => {
    const githubSync = jest.fn(() => new Promise<GithubSyncStatus>(() => {}));
    render(githubSync);
    await waitFor(() => expect(githubSync).toHaveBeenCalled());
    expect(
      within(hint()).getByText('Lumen-Retail/Checkout-Service'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'GitHub backfill' }),
    ).toBeNull();
    // The hint is the only alert, and it says nothing went wrong.
    expect(screen.getByRole('alert')).toBe(within(hint()).getByRole('alert'));
    expect(screen.queryByText(/fail|error/i)).toBeNull();
  });

  it('falls back to the general text when the status cannot be read', async () => {
    const githubSync = jest.fn(async (): Promise<GithubSyncStatus> => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    render(githubSync);
    await waitFor(() => expect(githubSync).toHaveBeenCalled());
    // Let the rejection settle before looking.
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(
      within(hint()).getByText('POST /api/dora/deployments'),
    ).toBeVisible();
    expect(
      screen.queryByRole('region', { name: 'GitHub backfill' }),
    ).toBeNull();
    expect(screen.queryByText(/503|fail|error/i)).toBeNull();
  });

  it('does not ask about the backfill without a repository to ask about', async () => {
    const githubSync = jest.fn(async () => ({ enabled: false as const }));
    render(githubSync, {
      ...checkout,
      metadata: { name: 'checkout-service' },
    });
    expect(
      await screen.findByText('this component has none'),
    ).toBeInTheDocument();
    render(githubSync, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'checkout-squad' },
      spec: { type: 'team', children: [] },
    });
    expect(
      await screen.findByText(/A group’s metrics pool the components it owns/),
    ).toBeInTheDocument();
    expect(githubSync).not.toHaveBeenCalled();
  });
});
