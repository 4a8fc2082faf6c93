export type ImageReference = {
  /** `ghcr.io`, `registry.example:5000`; `docker.io` when the reference names none. */
  registry: string;
  /** Registry and path, normalised like Docker does: `docker.io/library/redis`. */
  repository: string;
  /** `latest` when the reference has neither tag nor digest; null when pinned by digest only. */
  tag: string | null;
  /** `sha256:…`, when pinned. */
  digest: string | null;
};

const DEFAULT_REGISTRY = 'docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Parses a container image reference as Docker and containerd do:
 * `[registry[:port]/]path[:tag][@digest]`. The first path component is a
 * registry when it contains a `.` or a `:` or is `localhost`; Docker Hub
 * images get `docker.io` and single names `library/`. Returns undefined for
 * something that is not a reference.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const reference = image.trim();
  if (!reference || /\s/.test(reference)) return undefined;

  let rest = reference;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  // A colon after the last slash is a tag; before it, a registry port.
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return undefined;
  }

  const components = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  const first = components[0];
  if (
    components.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    registry = components.shift()!;
  }
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && components.length === 1) {
    components.unshift('library');
  }
  if (
    components.length === 0 ||
    !components.every(c => PATH_COMPONENT.test(c))
  ) {
    return undefined;
  }

  return {
    registry,
    repository: `${registry}/${components.join('/')}`,
    tag: tag ?? (digest ? null : 'latest'),
    digest,
  };
}
