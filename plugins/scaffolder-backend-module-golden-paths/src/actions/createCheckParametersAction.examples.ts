import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Before creating a service: the owner is a Group, the system a System, and the repository name is free',
    example: `steps:
  - id: check
    name: Check the parameters
    action: paved:parameters:check
    input:
      owner: \${{ parameters.owner }}
      system: \${{ parameters.system }}
      newRepoUrl: github.com?owner=lumen-retail&repo=\${{ parameters.name }}
`,
  },
  {
    description:
      'Before changing an existing service: the Component exists; its repository, owner and system are outputs',
    example: `steps:
  - id: check
    name: Check the parameters
    action: paved:parameters:check
    input:
      component: \${{ parameters.component }}
  - id: pr
    name: Open a pull request
    action: publish:github:pull-request
    input:
      repoUrl: \${{ steps.check.output.componentRepoUrl }}
      branchName: add-runbook
      title: Add a runbook
      description: Adds docs/runbooks/ with the five required sections
`,
  },
];
