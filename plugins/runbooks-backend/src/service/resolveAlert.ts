import { RunbookSummary } from '@internal/plugin-runbooks-common';

/** What the alert page may know about a Component besides its runbooks. */
export type ComponentFacts = {
  entityRef: string;
  /** `backstage.io/kubernetes-namespace`, `backstage.io/kubernetes-id`. */
  namespaces: string[];
};

export type AlertHints = { service?: string; namespace?: string };

export type AlertChoice =
  | { status: 'found'; runbook: RunbookSummary; candidates: RunbookSummary[] }
  | { status: 'ambiguous'; candidates: RunbookSummary[] }
  | { status: 'not-found'; candidates: RunbookSummary[] };

const lower = (text: string) => text.trim().toLowerCase();

/** `checkout-service`, `component:checkout-service` and the full ref all name one Component. */
export function namesComponent(service: string, entityRef: string): boolean {
  const wanted = lower(service);
  const ref = lower(entityRef);
  const name = ref.split('/').pop();
  return (
    wanted === ref ||
    wanted === name ||
    wanted === `component:${name}` ||
    ref.endsWith(`:default/${wanted}`)
  );
}

/**
 * Which runbook an alert opens, given the runbooks naming it. Hints
 * (the `service` label, the Kubernetes `namespace`) narrow the candidates;
 * a hint that matches none of them means that service has no runbook for
 * it. Several runbooks of one Component open the per-alert one first.
 */
export function chooseRunbook(
  candidates: RunbookSummary[],
  hints: AlertHints,
  facts: Map<string, ComponentFacts>,
): AlertChoice {
  let narrowed = candidates;
  if (hints.service) {
    narrowed = narrowed.filter(r =>
      namesComponent(hints.service!, r.entityRef),
    );
  }
  if (hints.namespace) {
    const namespace = lower(hints.namespace);
    const inNamespace = narrowed.filter(r =>
      (facts.get(r.entityRef)?.namespaces ?? []).some(
        n => lower(n) === namespace,
      ),
    );
    // A namespace is a weaker hint than a service: use it only when it decides.
    if (inNamespace.length > 0 || !hints.service) narrowed = inNamespace;
  }
  if (narrowed.length === 0) {
    return { status: 'not-found', candidates };
  }
  const services = new Set(narrowed.map(r => r.entityRef));
  if (services.size > 1) {
    return { status: 'ambiguous', candidates: narrowed };
  }
  const [runbook] = [...narrowed].sort(
    (a, b) =>
      Number(b.shape === 'per-alert') - Number(a.shape === 'per-alert') ||
      a.path.localeCompare(b.path),
  );
  return { status: 'found', runbook, candidates: narrowed };
}
