import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Record the template and its version in the generated catalog-info.yaml',
    example: `metadata:
  name: typescript-service
  annotations:
    paved.dev/template-version: 1.2.0
spec:
  steps:
    - id: template
      name: Read the template version
      action: paved:template:info
    - id: fetch
      name: Render the skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          templateRef: \${{ steps.template.output.ref }}
          templateVersion: \${{ steps.template.output.version }}
`,
  },
];
