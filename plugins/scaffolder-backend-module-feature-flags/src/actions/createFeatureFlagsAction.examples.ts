import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "A new service's first flag, right after registering it in the catalog",
    example: `steps:
  - id: register
    name: Register in the catalog
    action: catalog:register
    input:
      repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
      catalogInfoPath: /catalog-info.yaml
  - id: flags
    name: Create feature flags
    action: paved:feature-flags:create
    input:
      entityRef: \${{ steps.register.output.entityRef }}
      flags:
        - key: new-checkout
          kind: release
          description: The new checkout flow, off until it is ready
output:
  links:
    - title: Feature flags
      url: \${{ steps.flags.output.flagsUrl }}
`,
  },
  {
    description:
      'Flags with definitions: a kill switch that is on, and an experiment split 50/50 that staff always get',
    example: `steps:
  - id: flags
    name: Create feature flags
    action: paved:feature-flags:create
    input:
      entityRef: component:default/payments-api
      waitForEntitySeconds: 120
      flags:
        - key: payments-enabled
          kind: kill-switch
          description: Turn off to stop taking payments
          definition:
            state: ENABLED
            variants: { 'on': true, 'off': false }
            defaultVariant: 'on'
        - key: checkout-button-colour
          kind: experiment
          definition:
            state: ENABLED
            variants: { blue: '#1f6feb', green: '#2da44e' }
            defaultVariant: blue
            targeting:
              if:
                - ends_with: [{ var: email }, '@lumen-retail.example']
                - green
                - fractional: [[blue, 50], [green, 50]]
`,
  },
];
