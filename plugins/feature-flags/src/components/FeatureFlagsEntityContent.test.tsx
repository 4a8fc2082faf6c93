import {
  applyRolloutStage,
  FlagDefinition,
} from '@internal/plugin-feature-flags-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ENTITY_REF,
  makeChangeRequest,
  makeEnvironmentDefinition,
  makeFeatureFlagsApi,
  makeFlag,
  makeSettings,
  OFF,
  responseError,
} from '../__testUtils__/fixtures';
import { renderEntityTab } from '../__testUtils__/render';

jest.setTimeout(30_000);

const rollout = makeSettings().rollout;
const at = (
  stage: Parameters<typeof applyRolloutStage>[1],
  percentage?: number,
): FlagDefinition =>
  applyRolloutStage(OFF, stage, {
    onVariant: 'on',
    offVariant: 'off',
    rollout,
    percentage,
  });

const flagsWith = (...flags: ReturnType<typeof makeFlag>[]) =>
  jest.fn(async () => ({
    environments: makeSettings().environments,
    flags,
  }));

describe('the Feature flags tab', () => {
  it('shows progress while the flags load', async () => {
    renderEntityTab(
      makeFeatureFlagsApi({ getFlags: () => new Promise(() => {}) }),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'The flags database is not reachable',
    );
    renderEntityTab(
      makeFeatureFlagsApi({
        getFlags: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText(/The flags database is not reachable/),
    ).toBeInTheDocument();
  });

  it('invites to create the first flag, and opens it once created', async () => {
    const user = userEvent.setup();
    const getFlags = jest
      .fn()
      .mockResolvedValueOnce({ environments: ['staging'], flags: [] })
      .mockResolvedValue({
        environments: ['staging'],
        flags: [makeFlag({ key: 'one-page-cart' })],
      });
    const createFlag = jest.fn(async () => makeFlag({ key: 'one-page-cart' }));
    renderEntityTab(makeFeatureFlagsApi({ getFlags, createFlag }));

    expect(
      await screen.findByText('No flags yet — create one'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create flag' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Key/), 'One Page');
    expect(dialog).toHaveTextContent(
      'The key must be 1 to 100 lower-case letters',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Create' }),
    ).toBeDisabled();
    await user.clear(within(dialog).getByLabelText(/Key/));
    await user.type(within(dialog).getByLabelText(/Key/), 'one-page-cart');
    await user.type(
      within(dialog).getByLabelText('Description'),
      'Cart and checkout on one page',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(createFlag).toHaveBeenCalledWith(ENTITY_REF, {
      key: 'one-page-cart',
      kind: 'release',
      description: 'Cart and checkout on one page',
    });
    expect(
      await screen.findByRole('region', { name: 'Flag one-page-cart' }),
    ).toBeInTheDocument();
  });

  it('shows each environment’s rollout', async () => {
    renderEntityTab(
      makeFeatureFlagsApi({
        getFlags: flagsWith(
          makeFlag(
            {},
            {
              development: at('all'),
              staging: at('percentage', 42),
              production: { ...at('beta'), state: 'DISABLED' },
            },
          ),
          makeFlag(
            { key: 'by-country', kind: 'experiment', description: '' },
            {
              staging: {
                ...OFF,
                targeting: {
                  if: [{ in: [{ var: 'country' }, ['NL']] }, 'on', 'off'],
                },
              },
            },
          ),
        ),
      }),
    );
    const table = await screen.findByRole('table', { name: 'Flags' });
    const newCheckout = within(table)
      .getByRole('link', { name: 'new-checkout' })
      .closest('tr')!;
    expect(
      within(newCheckout).getByLabelText('development: All'),
    ).toBeVisible();
    expect(within(newCheckout).getByLabelText('staging: 42 %')).toBeVisible();
    expect(
      within(newCheckout).getByLabelText('production: DISABLED'),
    ).toBeVisible();
    const byCountry = within(table)
      .getByRole('link', { name: 'by-country' })
      .closest('tr')!;
    expect(within(byCountry).getByLabelText('staging: Custom')).toBeVisible();
    expect(within(byCountry).getByLabelText('production: Off')).toBeVisible();
  });

  it('kills a flag in one click, a confirmation and a reason', async () => {
    const user = userEvent.setup();
    const saveDefinition = jest.fn(
      async (_ref: string, _key: string, _env: string, request: any) => ({
        status: 'applied' as const,
        definition: makeEnvironmentDefinition(request.definition, {
          version: 4,
        }),
      }),
    );
    renderEntityTab(
      makeFeatureFlagsApi({
        getFlags: flagsWith(makeFlag({}, { production: at('percentage', 50) })),
        saveDefinition,
      }),
      '?flag=new-checkout&environment=production',
    );

    const panel = await screen.findByRole('region', {
      name: 'Flag new-checkout',
    });
    await user.click(
      within(panel).getByRole('button', { name: 'Kill switch' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Kill switch: turn new-checkout off for everyone in production',
    });
    const kill = within(dialog).getByRole('button', { name: 'Kill' });
    expect(kill).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Checkout errors up 5x',
    );
    await user.click(kill);

    expect(saveDefinition).toHaveBeenCalledWith(
      ENTITY_REF,
      'new-checkout',
      'production',
      { definition: OFF, version: 3, reason: 'Checkout errors up 5x' },
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Saved new-checkout in production (version 4).',
    );
  });

  it('archives a flag with a reason, and shows the owners-only refusal as the backend words it', async () => {
    const user = userEvent.setup();
    const getFlags = jest
      .fn()
      .mockResolvedValueOnce({
        environments: makeSettings().environments,
        flags: [makeFlag()],
      })
      .mockResolvedValue({
        environments: makeSettings().environments,
        flags: [],
      });
    const archiveFlag = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(
          403,
          'NotAllowedError',
          'Only the owners of component:default/checkout-service archive its flags: archiving removes a flag from production too',
        ),
      )
      .mockResolvedValueOnce(undefined);
    renderEntityTab(
      makeFeatureFlagsApi({ getFlags, archiveFlag }),
      '?flag=new-checkout&environment=production',
    );

    const panel = await screen.findByRole('region', {
      name: 'Flag new-checkout',
    });
    await user.click(
      within(panel).getByRole('button', { name: 'Archive flag' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Archive new-checkout?',
    });
    const archive = within(dialog).getByRole('button', { name: 'Archive' });
    expect(archive).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Rolled out in March',
    );
    await user.click(archive);
    expect(
      await within(dialog).findByText(
        /Only the owners of component:default\/checkout-service archive its flags/,
      ),
    ).toBeInTheDocument();

    await user.click(archive);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(archiveFlag).toHaveBeenLastCalledWith(
      ENTITY_REF,
      'new-checkout',
      'Rolled out in March',
    );
    expect(
      screen.queryByRole('region', { name: 'Flag new-checkout' }),
    ).not.toBeInTheDocument();
    expect(getFlags).toHaveBeenCalledTimes(2);
  });

  it('walks the ladder to a percentage, previewing the diff', async () => {
    const user = userEvent.setup();
    const saveDefinition = jest.fn(makeFeatureFlagsApi().saveDefinition);
    renderEntityTab(
      makeFeatureFlagsApi({
        getFlags: flagsWith(makeFlag({}, { staging: at('beta') })),
        saveDefinition,
      }),
      '?flag=new-checkout&environment=staging',
    );

    const ladder = await screen.findByRole('region', {
      name: 'Rollout in staging',
    });
    expect(
      within(ladder).getByRole('button', { name: 'Beta' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await user.click(
      within(ladder).getByRole('button', { name: 'Percentage' }),
    );
    const percentage = within(ladder).getByRole('spinbutton', {
      name: 'Percentage',
    });
    await user.clear(percentage);
    await user.type(percentage, '25');
    await user.click(
      within(ladder).getByRole('button', { name: 'Review change' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Roll new-checkout out to 25 % in staging',
    });
    const preview = within(dialog).getByRole('region', {
      name: 'Change preview',
    });
    expect(
      within(preview)
        .getAllByRole('deletion')
        .map(line => line.textContent),
    ).toEqual(['-       "off"']);
    const added = within(preview)
      .getAllByRole('insertion')
      .map(line => line.textContent);
    expect(added).toContain('+       {');
    expect(added).toContain('+         "fractional": [');
    expect(added).toContain('+             25');

    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Beta went fine',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(saveDefinition).toHaveBeenCalledWith(
      ENTITY_REF,
      'new-checkout',
      'staging',
      {
        definition: {
          ...OFF,
          targeting: {
            if: [
              { or: [{ $ref: 'internal-staff' }, { $ref: 'beta-testers' }] },
              'on',
              {
                fractional: [
                  ['on', 25],
                  ['off', 75],
                ],
              },
            ],
          },
        },
        version: 3,
        reason: 'Beta went fine',
      },
    );
  });

  it('validates the JSON as you type, naming the path, and blocks the save', async () => {
    const user = userEvent.setup();
    renderEntityTab(makeFeatureFlagsApi(), '?flag=new-checkout');

    await user.click(await screen.findByRole('button', { name: 'Edit JSON' }));
    const editor = screen.getByRole('region', {
      name: 'JSON definition in development',
    });
    const text = within(editor).getByRole('textbox', {
      name: 'Definition in development (flagd JSON)',
    });
    await user.clear(text);
    await user.click(text);
    await user.paste(
      JSON.stringify({
        ...OFF,
        defaultVariant: 'blue',
        variants: { on: true, off: 'no' },
      }),
    );

    const problems = within(editor).getByRole('list', { name: 'Problems' });
    expect(problems).toHaveTextContent(
      'variants.off: must be a boolean like the other variants',
    );
    expect(problems).toHaveTextContent(
      'defaultVariant: "blue" is not one of the variants (on, off)',
    );
    expect(
      within(editor).getByRole('button', { name: 'Review change' }),
    ).toBeDisabled();

    await user.clear(text);
    await user.paste('{ "state": ');
    expect(
      within(editor).getByRole('list', { name: 'Problems' }),
    ).toHaveTextContent('(root): is not JSON');
  });

  it('keeps the edit when someone saved first, and re-applies it to the latest', async () => {
    const user = userEvent.setup();
    const conflict = await responseError(
      409,
      'ConflictError',
      'new-checkout in staging changed since version 3: saved by user:default/bob at 2026-11-21T09:00:00Z',
    );
    const bobs = {
      ...OFF,
      metadata: { ticket: 'SHOP-42' },
    };
    const getFlags = jest
      .fn()
      .mockResolvedValueOnce({
        environments: makeSettings().environments,
        flags: [makeFlag()],
      })
      .mockResolvedValue({
        environments: makeSettings().environments,
        flags: [
          makeFlag({
            environments: {
              staging: makeEnvironmentDefinition(bobs, {
                version: 4,
                updatedBy: 'user:default/bob',
              }),
            },
          }),
        ],
      });
    const saveDefinition = jest
      .fn()
      .mockRejectedValueOnce(conflict)
      .mockImplementation(async (_r, _k, _e, request) => ({
        status: 'applied',
        definition: makeEnvironmentDefinition(request.definition, {
          version: 5,
        }),
      }));
    renderEntityTab(
      makeFeatureFlagsApi({ getFlags, saveDefinition }),
      '?flag=new-checkout&environment=staging',
    );

    const ladder = await screen.findByRole('region', {
      name: 'Rollout in staging',
    });
    await user.click(within(ladder).getByRole('button', { name: 'Internal' }));
    await user.click(
      within(ladder).getByRole('button', { name: 'Review change' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Dogfooding',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await within(dialog).findByText(/Someone else saved this flag first/),
    ).toHaveTextContent('saved by user:default/bob');
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    await user.click(
      within(dialog).getByRole('button', {
        name: 'Reload latest and re-apply',
      }),
    );
    expect(
      await within(dialog).findByText(/Reloaded version 4/),
    ).toBeInTheDocument();
    // Bob's change stays; the step is applied on top of it.
    expect(
      within(dialog).getByRole('region', { name: 'Change preview' }),
    ).toHaveTextContent('"ticket": "SHOP-42"');
    expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveValue(
      'Dogfooding',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(saveDefinition).toHaveBeenLastCalledWith(
      ENTITY_REF,
      'new-checkout',
      'staging',
      {
        definition: {
          ...bobs,
          targeting: { if: [{ $ref: 'internal-staff' }, 'on', 'off'] },
        },
        version: 4,
        reason: 'Dogfooding',
      },
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says a production change waits for an owner’s approval', async () => {
    const user = userEvent.setup();
    const pending = makeChangeRequest({ requestedBy: 'user:default/guest' });
    const getChangeRequests = jest
      .fn()
      .mockResolvedValueOnce([])
      .mockResolvedValue([pending]);
    renderEntityTab(
      makeFeatureFlagsApi({
        saveDefinition: async () => ({
          status: 'pending',
          changeRequest: pending,
        }),
        getChangeRequests,
      }),
      '?flag=new-checkout&environment=production',
    );

    const ladder = await screen.findByRole('region', {
      name: 'Rollout in production',
    });
    await user.click(within(ladder).getByRole('button', { name: 'All' }));
    await user.click(
      within(ladder).getByRole('button', { name: 'Review change' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'In production, a change by someone who is not an owner of this component waits for an owner’s approval.',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Launch day',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Waiting for an owner’s approval',
    );
    const approvals = await screen.findByRole('region', {
      name: 'Pending approvals',
    });
    expect(getChangeRequests).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      status: 'pending',
    });
    expect(approvals).toHaveTextContent('Launch day');
  });

  it('shows why the backend refused a save', async () => {
    const user = userEvent.setup();
    const refused = await responseError(
      403,
      'NotAllowedError',
      'Only the owners of component:default/checkout-service may change its flags',
    );
    renderEntityTab(
      makeFeatureFlagsApi({
        saveDefinition: async () => {
          throw refused;
        },
      }),
      '?flag=new-checkout',
    );
    const ladder = await screen.findByRole('region', {
      name: 'Rollout in development',
    });
    await user.click(within(ladder).getByRole('button', { name: 'All' }));
    await user.click(
      within(ladder).getByRole('button', { name: 'Review change' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Try',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'Only the owners of component:default/checkout-service may change its flags',
      ),
    ).toBeInTheDocument();
  });

  it('approves a pending change after showing its diff', async () => {
    const user = userEvent.setup();
    const approveChangeRequest = jest.fn(
      makeFeatureFlagsApi().approveChangeRequest,
    );
    const getChangeRequests = jest
      .fn()
      .mockResolvedValueOnce([makeChangeRequest()])
      .mockResolvedValue([]);
    renderEntityTab(
      makeFeatureFlagsApi({ getChangeRequests, approveChangeRequest }),
    );

    const approvals = await screen.findByRole('region', {
      name: 'Pending approvals',
    });
    expect(approvals).toHaveTextContent('bob, ');
    await user.click(
      within(approvals).getByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve the change to new-checkout in production',
    });
    expect(within(dialog).getByRole('deletion')).toHaveTextContent(
      '"defaultVariant": "off"',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Comment (optional)' }),
      'Go',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(approveChangeRequest).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'cr-1', entityRef: ENTITY_REF }),
      'Go',
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Pending approvals' }),
      ).toBeNull(),
    );
  });

  it('creates an API key and shows its secret once', async () => {
    const user = userEvent.setup();
    const createApiKey = jest.fn(makeFeatureFlagsApi().createApiKey);
    renderEntityTab(makeFeatureFlagsApi({ createApiKey }));

    const keys = await screen.findByRole('region', { name: 'API keys' });
    expect(
      await within(keys).findByRole('region', { name: 'How to connect' }),
    ).toHaveTextContent("baseUrl: 'http://localhost:7007/api/feature-flags'");
    await user.click(
      within(keys).getByRole('button', { name: 'Create API key' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Name/ }),
      'checkout pods',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(createApiKey).toHaveBeenCalledWith(ENTITY_REF, {
      environment: 'production',
      name: 'checkout pods',
    });
    expect(
      await within(dialog).findByDisplayValue('ffk_ab12cd34ef56gh78ij90'),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent('you won’t see it again');
    await user.click(
      within(dialog).getByRole('button', { name: 'I have copied it' }),
    );
    await waitFor(() =>
      expect(screen.queryByDisplayValue('ffk_ab12cd34ef56gh78ij90')).toBeNull(),
    );
  });
});
