import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the repository a template just created, for its developer',
    example: `steps:
  - id: publish
    name: Create the repository
    action: publish:github
    input:
      repoUrl: github.com?owner=lumen-retail&repo=\${{ parameters.name }}
  - id: register
    name: Register in the catalog
    action: paved:catalog:register
    input:
      repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
      catalogInfoPath: /catalog-info.yaml
output:
  links:
    - title: Open in catalog
      icon: catalog
      entityRef: \${{ steps.register.output.entityRef }}
`,
  },
];
