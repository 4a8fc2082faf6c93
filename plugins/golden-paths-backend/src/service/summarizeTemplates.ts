import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  compareVersions,
  GENERATED_FROM_TEMPLATE_ANNOTATION,
  GeneratedService,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateSummary,
  VersionLag,
  versionLag,
} from '@internal/plugin-golden-paths-common';

const LAG_ORDER: VersionLag[] = [
  'major',
  'minor',
  'patch',
  'unknown',
  'current',
];

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The recorded template ref, normalised (`typescript-service` → `template:default/typescript-service`). */
function recordedTemplateRef(value: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'Template',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function serviceOf(component: Entity, current?: string): GeneratedService {
  const spec = component.spec ?? {};
  const version =
    component.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION]?.trim() ||
    undefined;
  return {
    entityRef: stringifyEntityRef(component),
    name: component.metadata.name,
    title: component.metadata.title,
    owner: str(spec.owner),
    system: str(spec.system),
    lifecycle: str(spec.lifecycle),
    version,
    lag: version && current ? versionLag(version, current) : 'unknown',
  };
}

/** Most behind first; then the oldest version; then by name. */
function byLag(a: GeneratedService, b: GeneratedService): number {
  return (
    LAG_ORDER.indexOf(a.lag) - LAG_ORDER.indexOf(b.lag) ||
    compareVersions(a.version ?? '', b.version ?? '') ||
    a.name.localeCompare(b.name, 'en')
  );
}

/** Services per lag, every lag present (0 when none). */
function lagCounts(services: GeneratedService[]): Record<VersionLag, number> {
  const counts = Object.fromEntries(LAG_ORDER.map(lag => [lag, 0])) as Record<
    VersionLag,
    number
  >;
  for (const service of services) counts[service.lag] += 1;
  return counts;
}

/**
 * Every template with its current version and the services generated from
 * it, each with how far behind it is. Services whose template is no longer in
 * the catalog are listed under that template's recorded ref, with
 * `inCatalog: false`, so nobody is lost from sight.
 */
export function summarizeTemplates(
  templates: Entity[],
  components: Entity[],
): TemplateSummary[] {
  const byRef = new Map<string, Entity[]>();
  for (const component of components) {
    const recorded =
      component.metadata.annotations?.[GENERATED_FROM_TEMPLATE_ANNOTATION];
    const ref = recorded && recordedTemplateRef(recorded);
    if (!ref) continue;
    byRef.set(ref, [...(byRef.get(ref) ?? []), component]);
  }

  const summaries: TemplateSummary[] = templates.map(template => {
    const ref = stringifyEntityRef(template);
    const version =
      template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION]?.trim() ||
      undefined;
    const services = (byRef.get(ref.toLocaleLowerCase('en-US')) ?? [])
      .map(component => serviceOf(component, version))
      .sort(byLag);
    byRef.delete(ref.toLocaleLowerCase('en-US'));
    const spec = template.spec ?? {};
    return {
      entityRef: ref,
      name: template.metadata.name,
      title: template.metadata.title ?? template.metadata.name,
      description: template.metadata.description,
      tags: template.metadata.tags ?? [],
      type: str(spec.type),
      owner: str(spec.owner),
      version,
      inCatalog: true,
      services,
      lagCounts: lagCounts(services),
    };
  });

  for (const [ref, orphans] of byRef) {
    const services = orphans
      .map(component => serviceOf(component, undefined))
      .sort(byLag);
    const { name } = parseEntityRef(ref);
    summaries.push({
      entityRef: ref,
      name,
      title: name,
      tags: [],
      inCatalog: false,
      services,
      lagCounts: lagCounts(services),
    });
  }

  return summaries.sort(
    (a, b) =>
      Number(b.inCatalog) - Number(a.inCatalog) ||
      a.title.localeCompare(b.title, 'en'),
  );
}
