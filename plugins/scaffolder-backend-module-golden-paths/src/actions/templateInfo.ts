import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** The annotation on a Template that gives its version, e.g. `1.2.0`. */
export const TEMPLATE_VERSION_ANNOTATION = 'paved.dev/template-version';
/** The annotations a generated project's catalog-info.yaml records. */
export const GENERATED_FROM_TEMPLATE_ANNOTATION = 'paved.dev/template';
export const GENERATED_FROM_VERSION_ANNOTATION = 'paved.dev/template-version';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export type TemplateInfo = {
  /** `template:default/typescript-service` */
  ref: string;
  name: string;
  title: string;
  version: string;
};

type TemplateMetadata = {
  name: string;
  namespace?: string;
  title?: string;
  annotations?: Record<string, string>;
};

/**
 * The template a task runs, from the task's template info: its ref and the
 * version the platform squad gave it. A Paved template without a semantic
 * version is refused, because every generated project must record one.
 */
export function readTemplateInfo(
  templateInfo:
    | { entityRef: string; entity?: { metadata: TemplateMetadata } }
    | undefined,
): TemplateInfo {
  const metadata = templateInfo?.entity?.metadata;
  if (!templateInfo || !metadata) {
    throw new InputError(
      'This task has no template entity (it was not started from a template in the catalog), so there is no template version to record',
    );
  }
  const ref = stringifyEntityRef({
    kind: 'Template',
    namespace: metadata.namespace ?? 'default',
    name: metadata.name,
  });
  const version = metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  if (!version) {
    throw new InputError(
      `Template ${ref} has no ${TEMPLATE_VERSION_ANNOTATION} annotation; give it a semantic version such as 1.0.0`,
    );
  }
  if (!SEMVER.test(version)) {
    throw new InputError(
      `Template ${ref} has ${TEMPLATE_VERSION_ANNOTATION} "${version}", which is not a semantic version such as 1.0.0`,
    );
  }
  return {
    ref,
    name: metadata.name,
    title: metadata.title ?? metadata.name,
    version,
  };
}
