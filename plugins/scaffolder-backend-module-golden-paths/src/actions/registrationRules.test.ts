import { Entity } from '@backstage/catalog-model';
import { registrationProblems } from './registrationRules';

const entity = (kind: string, name: string, owner?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: owner ? { owner } : {},
});

const guest = {
  userEntityRef: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest', 'group:default/discovery-squad'],
};
const PLATFORM = 'group:default/platform-squad';

describe('registrationProblems', () => {
  it('lets a developer register Components, APIs and Resources their squad owns', () => {
    expect(
      registrationProblems(
        [
          entity('Component', 'search-service', 'discovery-squad'),
          entity('API', 'search-api', 'group:default/discovery-squad'),
          entity('Resource', 'search-db', 'Group:default/Discovery-Squad'),
          // What the catalog generates for the registered file itself.
          entity(
            'Location',
            'generated-142f2a1e20b4bb900f5fa188fb010914fdc9d5bd',
          ),
        ],
        guest,
        PLATFORM,
      ),
    ).toEqual([]);
  });

  it("refuses another squad's entities, other kinds, and entities without an owner", () => {
    expect(
      registrationProblems(
        [
          entity('Component', 'cart-service', 'checkout-squad'),
          entity('Template', 'sneaky-template', 'discovery-squad'),
          entity('Component', 'orphan'),
        ],
        guest,
        PLATFORM,
      ),
    ).toEqual([
      'component:default/cart-service is owned by group:default/checkout-squad, and user:default/guest is not a member of it',
      'template:default/sneaky-template is a Template; a template registers only Component, API, Resource (the platform squad registers the rest)',
      'component:default/orphan has no owner',
    ]);
  });

  it('refuses a file that declares nothing', () => {
    expect(
      registrationProblems(
        [entity('Location', 'generated-0f1e')],
        guest,
        PLATFORM,
      ),
    ).toEqual(['it declares no entities']);
  });

  it('lets the platform squad register anything', () => {
    expect(
      registrationProblems(
        [entity('Template', 'new-template', 'platform-squad')],
        {
          userEntityRef: 'user:default/priya',
          ownershipEntityRefs: ['group:default/platform-squad'],
        },
        PLATFORM,
      ),
    ).toEqual([]);
  });
});
