import {
  BackstageCredentials,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DryRunFile,
  DryRunResult,
  GENERATED_FROM_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateSummary,
} from '@internal/plugin-golden-paths-common';
import { readTemplateFiles } from './readTemplateFiles';
import { ScaffolderDryRunClient } from './ScaffolderDryRunClient';
import { summarizeTemplates } from './summarizeTemplates';

/** Files larger than this are listed without their text. */
export const MAX_TEXT_BYTES = 256 * 1024;

function asText(content: Buffer): string | undefined {
  if (content.length > MAX_TEXT_BYTES || content.includes(0)) return undefined;
  const text = content.toString('utf8');
  // Not valid UTF-8: decoding replaced bytes.
  return text.includes('\uFFFD') ? undefined : text;
}

/** Golden paths: templates with the services generated from them, and dry runs. */
export class GoldenPathsService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      reader: UrlReaderService;
      dryRunClient: ScaffolderDryRunClient;
    },
  ) {}

  async listTemplates(
    credentials: BackstageCredentials,
  ): Promise<TemplateSummary[]> {
    const { catalog } = this.deps;
    const [templates, components] = await Promise.all([
      catalog.getEntities(
        {
          filter: { kind: 'Template' },
          fields: ['kind', 'metadata', 'spec.type', 'spec.owner'],
        },
        { credentials },
      ),
      catalog.getEntities(
        {
          filter: {
            kind: 'Component',
            [`metadata.annotations.${GENERATED_FROM_TEMPLATE_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
            'spec.owner',
            'spec.system',
            'spec.lifecycle',
          ],
        },
        { credentials },
      ),
    ]);
    return summarizeTemplates(templates.items, components.items);
  }

  async dryRun(options: {
    namespace: string;
    name: string;
    values: Record<string, unknown>;
    credentials: BackstageCredentials;
  }): Promise<DryRunResult> {
    const { credentials } = options;
    const ref = stringifyEntityRef({
      kind: 'Template',
      namespace: options.namespace,
      name: options.name,
    });
    const template: Entity | undefined = await this.deps.catalog.getEntityByRef(
      ref,
      { credentials },
    );
    if (!template) throw new NotFoundError(`No template ${ref} in the catalog`);

    const files = await readTemplateFiles(template, this.deps.reader);
    const response = await this.deps.dryRunClient.dryRun({
      template,
      values: options.values,
      files,
      credentials,
    });

    const rendered: DryRunFile[] = response.directoryContents
      .map(file => {
        const content = Buffer.from(file.base64Content, 'base64');
        return {
          path: file.path,
          size: content.length,
          executable: Boolean(file.executable),
          text: asText(content),
        };
      })
      .sort((a, b) => a.path.localeCompare(b.path, 'en'));

    return {
      template: {
        entityRef: ref,
        version: template.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION],
      },
      steps: response.steps.map(({ id, name, action }) => ({
        id,
        name,
        action,
      })),
      files: rendered,
      log: response.log.map(({ body }) => ({
        message: body.message,
        ...(body.stepId ? { stepId: body.stepId } : {}),
        ...(body.status ? { status: body.status } : {}),
      })),
      output: response.output ?? {},
    };
  }
}
