import { ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeGoldenPathsApi } from '../__testUtils__/fixtures';
import { renderGoldenPathsAt, settle } from '../__testUtils__/render';
import { GoldenPathsApi } from '../api/GoldenPathsApi';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

const DRY_RUN_URL = '/golden-paths/dry-run/default/typescript-service';

const prefilled = {
  name: 'my-service',
  owner: 'group:default/checkout-squad',
  system: 'system:default/checkout',
  port: 8080,
  replicas: 2,
  createFeatureFlag: false,
};

async function openDryRun(api: GoldenPathsApi = makeGoldenPathsApi()) {
  await renderGoldenPathsAt(DRY_RUN_URL, { api });
  return (await screen.findByRole('textbox', {
    name: 'Values (JSON)',
  })) as HTMLTextAreaElement;
}

/** Clicks Run once the permission answer has enabled it. */
async function run() {
  const button = await screen.findByRole('button', { name: 'Run' });
  await waitFor(() => expect(button).toBeEnabled());
  fireEvent.click(button);
  await settle();
}

function rejectingWith(status: number, name: string, message: string) {
  return makeGoldenPathsApi({
    dryRun: jest.fn(async () => {
      throw await ResponseError.fromResponse(
        jsonResponse(status, errorBody(status, name, message)),
      );
    }),
  });
}

describe('DryRunPage', () => {
  it('prefills the values from the template’s parameters and the catalog', async () => {
    const editor = await openDryRun();
    expect(
      screen.getByRole('heading', {
        name: 'Dry run: TypeScript HTTP service 1.4.1',
      }),
    ).toBeInTheDocument();
    expect(JSON.parse(editor.value)).toEqual(prefilled);
    expect(editor.value).toBe(JSON.stringify(prefilled, null, 2));
  });

  it('refuses values that are not a JSON object, without a request', async () => {
    const api = makeGoldenPathsApi();
    const editor = await openDryRun(api);

    fireEvent.change(editor, { target: { value: '{ "name": "my-service", ' } });
    expect(screen.getByText(/^Not valid JSON:/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));

    fireEvent.change(editor, { target: { value: '["my-service"]' } });
    expect(
      screen.getByText(/The values must be a JSON object/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();

    await settle();
    expect(api.dryRun).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Reset values' }));
    expect(JSON.parse(editor.value)).toEqual(prefilled);
    expect(screen.queryByText(/Not valid JSON/)).not.toBeInTheDocument();
  });

  it('runs with the edited values and shows the steps, files, log and output', async () => {
    const api = makeGoldenPathsApi();
    const editor = await openDryRun(api);
    fireEvent.change(editor, {
      target: {
        value: JSON.stringify({ ...prefilled, name: 'gift-card-service' }),
      },
    });
    await run();

    expect(api.dryRun).toHaveBeenCalledWith(
      { namespace: 'default', name: 'typescript-service' },
      { values: { ...prefilled, name: 'gift-card-service' } },
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Dry run finished: template:default/typescript-service 1.4.1 rendered 4 files in 3 steps.',
    );

    // The steps, with the status the log gave each.
    const steps = within(screen.getByRole('list', { name: 'Steps' }))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(steps).toEqual([
      '1. Check the parameterspaved:parameters:checkcompleted',
      '2. Render the skeletonfetch:templatecompleted',
      '3. Create the repositorypublish:githubskipped',
    ]);

    // The files, by directory; the first one is open.
    const tree = screen.getByRole('list', { name: 'Rendered files' });
    expect(
      within(tree)
        .getAllByRole('list')
        .map(directory => directory.getAttribute('aria-label')),
    ).toEqual(['./', 'docs/', 'scripts/', 'src/routes/']);
    expect(
      within(tree).getByRole('list', { name: 'scripts/' }),
    ).toHaveTextContent('start.sh2.0 KiB · executable');
    expect(
      screen.getByRole('figure', { name: 'Contents of catalog-info.yaml' }),
    ).toHaveTextContent('kind: Component');

    fireEvent.click(within(tree).getByText('health.ts'));
    expect(
      screen.getByRole('figure', { name: 'Contents of src/routes/health.ts' }),
    ).toHaveTextContent("router.get('/healthz'");

    fireEvent.click(within(tree).getByText('logo.png'));
    expect(
      screen.getByRole('figure', { name: 'Contents of docs/logo.png' }),
    ).toHaveTextContent('Binary or too large to show.');

    // The log, and the template's output.
    const log = within(screen.getByRole('region', { name: 'Log' }));
    expect(
      log.getByText('[fetch] Fetching template content from remote URL'),
    ).toBeInTheDocument();
    expect(
      log.getByText(
        '[publish] Skipping because publish:github does not support dry-run',
      ),
    ).toBeInTheDocument();
    const output = within(screen.getByRole('region', { name: 'Output' }));
    expect(output.getByRole('link', { name: /^Repository/ })).toHaveAttribute(
      'href',
      'https://github.com/lumen-retail/my-service',
    );
    expect(
      output.getByText('Merge the first pull request.'),
    ).toBeInTheDocument();
  });

  it('shows the backend’s message when the values do not fit the template', async () => {
    await openDryRun(
      rejectingWith(
        400,
        'InputError',
        'name: does not match pattern "^[a-z][a-z0-9-]{1,38}[a-z0-9]$"',
      ),
    );
    await run();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The values do not fit the template');
    expect(alert).toHaveTextContent(
      'name: does not match pattern "^[a-z][a-z0-9-]{1,38}[a-z0-9]$"',
    );
    expect(screen.queryByRole('region', { name: 'Files' })).toBeNull();
  });

  it('shows when the backend does not allow the dry run', async () => {
    await openDryRun(
      rejectingWith(
        403,
        'NotAllowedError',
        'Only the platform squad may dry-run stored templates',
      ),
    );
    await run();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You may not dry-run templates');
    expect(alert).toHaveTextContent(
      'Only the platform squad may dry-run stored templates',
    );
  });

  it('shows when the backend does not know the template', async () => {
    await openDryRun(
      rejectingWith(
        404,
        'NotFoundError',
        'No template template:default/typescript-service',
      ),
    );
    await run();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No such template');
    expect(alert).toHaveTextContent(
      'No template template:default/typescript-service',
    );
  });

  it('says when the catalog has no such template', async () => {
    const api = makeGoldenPathsApi();
    await renderGoldenPathsAt('/golden-paths/dry-run/default/nope', { api });
    expect(
      await screen.findByText(
        'No template template:default/nope in the catalog',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Run' })).toBeNull();
  });
});
