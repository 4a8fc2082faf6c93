/** Labels shared by the ingestion page and cards. */
export const SOURCE_KIND_LABELS: Record<string, string> = {
  github: 'GitHub',
  kubernetes: 'Kubernetes',
  aws: 'AWS',
  azure: 'Azure',
};

export function sourceKindLabel(kind: string | undefined): string {
  return kind ? SOURCE_KIND_LABELS[kind] ?? kind : 'Catalog file';
}

/** "3 min ago", "2 h ago": how fresh a run is, for people at a glance. */
export function timeAgo(iso: string, now: Date = new Date()): string {
  const seconds = Math.max(
    0,
    Math.round((now.getTime() - Date.parse(iso)) / 1000),
  );
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** What a run found leads; the rest follow alphabetically. */
const LEADING_COUNTS = [
  'entities',
  'resources',
  'repositories',
  'workloads',
  'declared',
  'inferred',
  'unowned',
  'skipped',
];

const rank = (name: string) => {
  const index = LEADING_COUNTS.indexOf(name);
  return index === -1 ? LEADING_COUNTS.length : index;
};

/** `statefulSets` → `stateful sets`. */
const spelledOut = (name: string) =>
  name.replace(/([a-z])([A-Z])/g, (_, a, b) => `${a} ${b.toLowerCase()}`);

/**
 * `{ unowned: 2, workloads: 2400, skipped: 0 }` → `["2,400 workloads", "2 unowned"]`:
 * one line per non-zero count, the ones people look for first.
 */
export function formatCounts(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .filter(([, value]) => value !== 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(
      ([name, value]) => `${value.toLocaleString('en-US')} ${spelledOut(name)}`,
    );
}
