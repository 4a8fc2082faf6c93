/**
 * The key to look an alert up by: trimmed, Unicode-normalised, lower-cased,
 * so that `/runbooks/alert/kubepodcrashlooping` finds `KubePodCrashLooping`.
 * Keep the original spelling for display.
 */
export function normaliseAlertName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/**
 * Alert names as Prometheus rules spell them: an identifier starting with a
 * capital and holding at least one lower-case letter (`KubePodCrashLooping`,
 * `Watchdog`, `KubeAPIDown`). That excludes `README`, kebab-case
 * (`order-service.md`) and snake_case file names, which name services or
 * topics rather than alerts.
 */
const ALERT_LIKE = /^[A-Z][A-Za-z0-9_]*$/;

/** Capitalised words that are documents, not alerts. */
const NOT_ALERTS = new Set(
  [
    'readme',
    'index',
    'changelog',
    'contributing',
    'license',
    'template',
    'runbook',
    'runbooks',
    'overview',
    'summary',
  ].map(normaliseAlertName),
);

/** Whether a file name or heading reads as an alert name. */
export function isAlertLikeName(name: string): boolean {
  return (
    ALERT_LIKE.test(name) &&
    /[a-z]/.test(name) &&
    !NOT_ALERTS.has(normaliseAlertName(name))
  );
}

/**
 * The alert a per-alert runbook's file name stands for
 * (`alerts/kubernetes/KubePodCrashLooping.md` → `KubePodCrashLooping`), or
 * undefined.
 */
export function alertNameFromPath(path: string): string | undefined {
  const base = path.split('/').pop() ?? '';
  const name = base.replace(/\.(?:md|markdown|mdx)$/i, '');
  return isAlertLikeName(name) ? name : undefined;
}
