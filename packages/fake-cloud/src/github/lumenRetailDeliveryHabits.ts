/**
 * How Lumen Retail's squads work and how each repository ships: the settings
 * lumenRetailDeliveryHistory.ts simulates.
 */

export type Range = readonly [number, number];

/** How a squad works; ranges are log-uniform. */
export type SquadHabits = {
  /** Pull requests opened per working day in a repository of ordinary activity. */
  pullsPerDay: number;
  /** Hours from a change's first commit to opening its pull request. */
  firstCommitHours: Range;
  /** Hours from opening to the first review. */
  firstReviewHours: Range;
  changesRequestedChance: number;
  /** Hours from a request for changes to the follow-up commit. */
  fixUpHours: Range;
  /** Hours from approval to merge. */
  mergeHours: Range;
  /** Days of the week (0 = Sunday) and UTC hours that deployment trains leave. */
  deployDays: number[];
  deployHours: number[];
  stagingSoakMinutes: Range;
  deployMinutes: Range;
  deployFailureChance: number;
  /** Chance a production deploy causes an incident. */
  incidentChance: number;
  /** Minutes from an incident being opened to service restored. */
  restoreMinutes: Range;
};

export const WEEKDAYS = [1, 2, 3, 4, 5];

const SQUAD_HABITS: Record<string, SquadHabits> = {
  // Trunk-based, small changes, a deploy train every couple of hours.
  'checkout-squad': {
    pullsPerDay: 2.2,
    firstCommitHours: [0.5, 8],
    firstReviewHours: [0.2, 3],
    changesRequestedChance: 0.15,
    fixUpHours: [0.3, 3],
    mergeHours: [0.05, 1],
    deployDays: WEEKDAYS,
    deployHours: [9.5, 11, 13.5, 15, 16.5],
    stagingSoakMinutes: [8, 20],
    deployMinutes: [3, 8],
    deployFailureChance: 0.03,
    incidentChance: 0.035,
    restoreMinutes: [15, 55],
  },
  'platform-squad': {
    pullsPerDay: 1.3,
    firstCommitHours: [1, 20],
    firstReviewHours: [0.5, 6],
    changesRequestedChance: 0.2,
    fixUpHours: [0.5, 4],
    mergeHours: [0.1, 3],
    deployDays: WEEKDAYS,
    deployHours: [10.5, 15.5],
    stagingSoakMinutes: [15, 40],
    deployMinutes: [4, 10],
    deployFailureChance: 0.04,
    incidentChance: 0.06,
    restoreMinutes: [20, 120],
  },
  'discovery-squad': {
    pullsPerDay: 1.5,
    firstCommitHours: [2, 30],
    firstReviewHours: [1, 20],
    changesRequestedChance: 0.25,
    fixUpHours: [1, 8],
    mergeHours: [0.2, 6],
    deployDays: WEEKDAYS,
    deployHours: [14],
    stagingSoakMinutes: [20, 60],
    deployMinutes: [5, 12],
    deployFailureChance: 0.06,
    incidentChance: 0.1,
    restoreMinutes: [40, 300],
  },
  'identity-squad': {
    pullsPerDay: 1,
    firstCommitHours: [4, 48],
    firstReviewHours: [3, 40],
    changesRequestedChance: 0.3,
    fixUpHours: [2, 24],
    mergeHours: [0.5, 12],
    deployDays: [1, 3, 5],
    deployHours: [11],
    stagingSoakMinutes: [30, 120],
    deployMinutes: [6, 15],
    deployFailureChance: 0.08,
    incidentChance: 0.14,
    restoreMinutes: [60, 480],
  },
  // Long-lived branches, slow reviews, a release train twice a week.
  'fulfilment-squad': {
    pullsPerDay: 0.9,
    firstCommitHours: [8, 120],
    firstReviewHours: [12, 72],
    changesRequestedChance: 0.45,
    fixUpHours: [4, 48],
    mergeHours: [1, 24],
    deployDays: [2, 4],
    deployHours: [14],
    stagingSoakMinutes: [60, 240],
    deployMinutes: [8, 20],
    deployFailureChance: 0.12,
    incidentChance: 0.28,
    restoreMinutes: [120, 1800],
  },
};

/**
 * How a repository ships: GitHub Deployments through staging to production,
 * a GitHub Actions `Deploy` workflow (dispatched by the train, or on every
 * push to main), releases (a library), or not at all.
 */
export type DeliveryStyle =
  | 'deployments'
  | 'dispatched-workflow'
  | 'push-workflow'
  | 'releases'
  | 'none';

export type RepoSettings = {
  style: DeliveryStyle;
  productionEnvironments: string[];
  /** Multiplies the squad's pull request rate. */
  activity: number;
  /** Multiplies the squad's chance of a deploy causing an incident. */
  risk: number;
};

const REGIONS = ['production-eu', 'production-us'];

const REPO_SETTINGS: Record<string, Partial<RepoSettings>> = {
  'checkout-service': { productionEnvironments: REGIONS, activity: 1.2 },
  'payments-service': { productionEnvironments: REGIONS, activity: 0.8 },
  'notification-worker': { style: 'dispatched-workflow', activity: 0.7 },
  // Deploying every merge alone makes each deploy smaller, and safer.
  'search-service': { style: 'push-workflow', risk: 0.5 },
  'recommendations-service': { activity: 0.6 },
  'auth-sdk': { style: 'releases', activity: 0.6 },
  'design-system': { style: 'none', activity: 0.8 },
  'service-chassis': { style: 'none', activity: 0.5 },
};

export const DEPLOY_WORKFLOW = {
  name: 'Deploy',
  path: '.github/workflows/deploy.yml',
};
export const CI_WORKFLOW = { name: 'CI', path: '.github/workflows/ci.yml' };

/** Whether the repository deploys through the `Deploy` workflow (and so needs its file). */
export function deploysWithWorkflow(repoName: string): boolean {
  const style = REPO_SETTINGS[repoName]?.style;
  return style === 'dispatched-workflow' || style === 'push-workflow';
}

/** The squad's habits; an unknown squad works like discovery-squad. */
export function habitsOf(squad: string): SquadHabits {
  return SQUAD_HABITS[squad] ?? SQUAD_HABITS['discovery-squad'];
}

export function settingsOf(repoName: string): RepoSettings {
  return {
    style: 'deployments',
    productionEnvironments: ['production'],
    activity: 1,
    risk: 1,
    ...REPO_SETTINGS[repoName],
  };
}
