import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './createTemplateInfoAction.examples';
import { readTemplateInfo } from './templateInfo';

export const TEMPLATE_INFO_ACTION_ID = 'paved:template:info';

/**
 * `paved:template:info`: the running template's ref and version, so that
 * the project it generates records where it came from (the
 * `paved.dev/template` and `paved.dev/template-version` annotations) and the
 * platform squad can see which services are behind.
 */
export function createTemplateInfoAction() {
  return createTemplateAction({
    id: TEMPLATE_INFO_ACTION_ID,
    description:
      "Outputs the running template's entity ref, name, title and version (its paved.dev/template-version annotation), for the generated project to record. Fails when the template has no semantic version.",
    examples,
    supportsDryRun: true,
    schema: {
      output: {
        ref: z =>
          z.string({
            description:
              'The template, e.g. template:default/typescript-service',
          }),
        name: z => z.string({ description: 'The template name' }),
        title: z => z.string({ description: 'The template title' }),
        version: z =>
          z.string({ description: 'The template version, e.g. 1.2.0' }),
      },
    },
    async handler(ctx) {
      const info = readTemplateInfo(ctx.templateInfo);
      ctx.logger.info(`Generating from ${info.ref} version ${info.version}`);
      ctx.output('ref', info.ref);
      ctx.output('name', info.name);
      ctx.output('title', info.title);
      ctx.output('version', info.version);
    },
  });
}
