import { createHash } from 'node:crypto';
import { WatchEventType } from './responses';
import { resourceTypeOf } from './resources';
import { FakeKubernetesKind, FakeKubernetesObject } from './types';

/** A stored object: what is served, and where it sits in etcd's key order. */
export type StoredObject = {
  /** `namespace/name`, or `/name` for cluster-scoped kinds; the sort key. */
  key: string;
  namespace: string;
  document: Record<string, unknown>;
};

export type ChangeEvent = {
  resourceVersion: number;
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  kind: FakeKubernetesKind;
  namespace: string;
  document: Record<string, unknown>;
};

/** Changes remembered for watches, like the API server's watch cache. */
const HISTORY_LIMIT = 10_000;

/** A deterministic UUID, so fixtures are stable from run to run. */
function uidOf(kind: string, namespace: string, name: string): string {
  const hex = createHash('sha256')
    .update(`${kind}/${namespace}/${name}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * What the fake API server holds: objects per kind, one global
 * resourceVersion, and the recent changes watches replay.
 */
export class ClusterState {
  private revision = 0;
  /** Resource versions below this are too old (compacted). */
  private oldestValid = 0;
  private readonly objects = new Map<
    FakeKubernetesKind,
    Map<string, StoredObject>
  >();
  private readonly history: ChangeEvent[] = [];
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  private malformedCount = 0;

  constructor(
    initial: FakeKubernetesObject[],
    private readonly now = () => new Date(),
  ) {
    for (const object of initial) this.apply(object);
    // The initial load is not history: a watch starts from any later version.
    this.history.length = 0;
    this.oldestValid = this.revision;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  isTooOld(resourceVersion: number): boolean {
    return resourceVersion < this.oldestValid;
  }

  /** Objects of a kind (in one namespace, when given), in key order. */
  list(kind: FakeKubernetesKind, namespace?: string): StoredObject[] {
    const all = [...(this.objects.get(kind)?.values() ?? [])];
    return all
      .filter(o => namespace === undefined || o.namespace === namespace)
      .sort((a, b) => Number(a.key > b.key) - Number(a.key < b.key));
  }

  get(
    kind: FakeKubernetesKind,
    namespace: string,
    name: string,
  ): StoredObject | undefined {
    return this.objects.get(kind)?.get(`${namespace}/${name}`);
  }

  /** Changes after `resourceVersion`, oldest first. */
  changesSince(
    resourceVersion: number,
    kind: FakeKubernetesKind,
    namespace?: string,
  ) {
    return this.history.filter(
      e =>
        e.resourceVersion > resourceVersion &&
        e.kind === kind &&
        (namespace === undefined || e.namespace === namespace),
    );
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(object: FakeKubernetesObject): void {
    const type = resourceTypeOf(object.kind);
    const name = object.metadata?.name;
    if (!name) throw new Error(`apply: ${object.kind} without metadata.name`);
    const namespace = type.namespaced
      ? object.metadata?.namespace ?? 'default'
      : '';
    if (type.namespaced) this.ensureNamespace(namespace);

    const existing = this.get(object.kind, namespace, name);
    const previous = existing?.document.metadata as
      | Record<string, unknown>
      | undefined;
    this.revision += 1;
    const document = structuredClone(object) as Record<string, any>;
    document.apiVersion = type.apiVersion;
    document.metadata = {
      ...document.metadata,
      ...(type.namespaced ? { namespace } : {}),
      uid:
        previous?.uid ??
        document.metadata.uid ??
        uidOf(object.kind, namespace, name),
      resourceVersion: String(this.revision),
      generation: Number(previous?.generation ?? 0) + 1,
      creationTimestamp:
        previous?.creationTimestamp ??
        document.metadata.creationTimestamp ??
        this.now(),
    };
    if (object.kind === 'Namespace') {
      document.status = { phase: 'Active', ...document.status };
    }
    this.store(object.kind, {
      key: `${namespace}/${name}`,
      namespace,
      document,
    });
    this.record(
      existing ? 'MODIFIED' : 'ADDED',
      object.kind,
      namespace,
      document,
    );
  }

  remove(kind: FakeKubernetesKind, namespace: string, name: string): boolean {
    const scope = resourceTypeOf(kind).namespaced ? namespace : '';
    const key = `${scope}/${name}`;
    const existing = this.objects.get(kind)?.get(key);
    if (!existing) return false;
    this.objects.get(kind)!.delete(key);
    this.revision += 1;
    // The DELETED event carries the object's last state at the delete's version.
    const document = structuredClone(existing.document) as Record<string, any>;
    if (document.metadata && typeof document.metadata === 'object') {
      document.metadata.resourceVersion = String(this.revision);
    }
    this.record('DELETED', kind, scope, document);
    return true;
  }

  injectMalformed(
    kind: FakeKubernetesKind,
    namespace: string,
    document: Record<string, unknown>,
  ): string {
    this.malformedCount += 1;
    const name = `malformed-${this.malformedCount}`;
    this.revision += 1;
    const stored = structuredClone(document);
    this.store(kind, {
      key: `${namespace}/${name}`,
      namespace,
      document: stored,
    });
    this.record('ADDED', kind, namespace, stored);
    return name;
  }

  /** Forgets history: every version handed out so far becomes too old. */
  compact(): void {
    this.revision += 1;
    this.oldestValid = this.revision;
    this.history.length = 0;
  }

  private ensureNamespace(namespace: string) {
    if (this.get('Namespace', '', namespace)) return;
    this.apply({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name: namespace,
        labels: { 'kubernetes.io/metadata.name': namespace },
      },
    });
  }

  private store(kind: FakeKubernetesKind, object: StoredObject) {
    let ofKind = this.objects.get(kind);
    if (!ofKind) {
      ofKind = new Map();
      this.objects.set(kind, ofKind);
    }
    ofKind.set(object.key, object);
  }

  private record(
    type: ChangeEvent['type'],
    kind: FakeKubernetesKind,
    namespace: string,
    document: Record<string, unknown>,
  ) {
    const event = {
      resourceVersion: this.revision,
      type,
      kind,
      namespace,
      document,
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) {
      // Like the watch cache: what falls out of the window is too old.
      const dropped = this.history.splice(
        0,
        this.history.length - HISTORY_LIMIT,
      );
      this.oldestValid = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of this.listeners) listener(event);
  }
}
