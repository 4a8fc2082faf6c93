import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  makeDetail,
  makeEntityRunbooks,
  makeRunbooksApi,
  makeSummary,
  responseError,
} from '../__testUtils__/fixtures';
import { renderEntityTab } from '../__testUtils__/render';

const twoRunbooks = makeEntityRunbooks({
  runbooks: [
    makeSummary({ missingSections: ['escalation', 'externalContacts'] }),
    makeSummary({
      id: 'rb-pods',
      title: 'Pods crash-looping',
      path: 'docs/runbooks/KubePodCrashLooping.md',
      alerts: ['KubePodCrashLooping'],
      shape: 'per-alert',
      lastReviewed: undefined,
      missingSections: ['externalContacts'],
      problemCount: 1,
    }),
  ],
  problems: [
    {
      entityRef: 'component:default/checkout-service',
      repo: 'https://github.com/lumen-retail/checkout-service',
      path: 'docs/runbooks/KubePodCrashLooping.md',
      code: 'front-matter-invalid',
      message: 'Front-matter is not valid YAML: unexpected end of the stream',
      line: 4,
    },
  ],
});

// The tables (material-table) render slowly on a busy machine.
jest.setTimeout(30_000);

describe('the Runbooks tab', () => {
  it('lists the runbooks, the source, problems and the sections none has', async () => {
    const getEntityRunbooks = jest.fn(async () => twoRunbooks);
    renderEntityTab(makeRunbooksApi({ getEntityRunbooks }));

    const list = await screen.findByRole('region', { name: 'Runbooks' });
    expect(getEntityRunbooks).toHaveBeenCalledWith(
      'component:default/checkout-service',
    );
    expect(within(list).getByText('Checkout service')).toBeInTheDocument();
    const pods = within(list).getByText('Pods crash-looping').closest('div')!
      .parentElement!;
    expect(pods).toHaveTextContent('KubePodCrashLooping');
    expect(pods).toHaveTextContent('reviewed never');
    expect(pods).toHaveTextContent('1 problem');

    const source = screen.getByRole('region', { name: 'Runbook source' });
    expect(
      within(source).getByRole('link', { name: /docs\/runbooks\/\*\*/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/lumen-retail/checkout-service/tree/HEAD/docs/runbooks',
    );
    expect(source).toHaveTextContent(/at 0a1b2c3 · last read 2026-11-2\d/);
    expect(
      screen.getByRole('region', { name: 'Missing sections' }),
    ).toHaveTextContent('None of these runbooks has: External contacts');

    const problems = screen.getByRole('region', { name: 'Problems' });
    const row = within(problems)
      .getByText('Front-matter is not valid YAML: unexpected end of the stream')
      .closest('tr')!;
    expect(row).toHaveTextContent('docs/runbooks/KubePodCrashLooping.md');
    expect(row).toHaveTextContent('Front-matter invalid');

    expect(
      screen.getAllByRole('link', { name: /On-call page/ })[0],
    ).toHaveAttribute('href', '/runbooks/oncall/default/checkout-service');
  });

  it('renders the first runbook, and the one picked', async () => {
    const getRunbook = jest.fn(async (id: string) =>
      id === 'rb-pods'
        ? makeDetail({
            id: 'rb-pods',
            title: 'Pods crash-looping',
            html: '<h1>Pods crash-looping</h1><h2>Diagnosis</h2><p>kubectl describe pod</p>',
          })
        : makeDetail(),
    );
    renderEntityTab(
      makeRunbooksApi({
        getEntityRunbooks: async () => twoRunbooks,
        getRunbook,
      }),
    );

    const selected = await screen.findByRole('region', {
      name: 'Selected runbook',
    });
    expect(
      await within(selected).findByText('kubectl rollout undo deploy/checkout'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /Pods crash-looping/ }));
    expect(
      await within(selected).findByText('kubectl describe pod'),
    ).toBeInTheDocument();
    expect(getRunbook).toHaveBeenLastCalledWith('rb-pods');
  });

  it('explains where runbooks are read from when there is none', async () => {
    renderEntityTab(
      makeRunbooksApi({
        getEntityRunbooks: async () =>
          makeEntityRunbooks({ runbooks: [], problems: [] }),
      }),
    );
    expect(
      await screen.findByText('No runbooks for this component'),
    ).toBeInTheDocument();
    expect(screen.getByText('docs/runbooks/**.md')).toBeInTheDocument();
    expect(screen.getByText('paved.dev/runbooks')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Selected runbook' }),
    ).toBeNull();
    expect(screen.queryByRole('region', { name: 'Problems' })).toBeNull();
  });

  it('shows why the source could not be read', async () => {
    renderEntityTab(
      makeRunbooksApi({
        getEntityRunbooks: async () =>
          makeEntityRunbooks({
            runbooks: [],
            source: {
              entityRef: 'component:default/checkout-service',
              location:
                'https://github.com/lumen-retail/checkout-service/tree/HEAD/docs/runbooks/**',
              lastReadAt: '2026-11-20T10:00:00Z',
              lastError: 'GitHub answered 404: Not Found',
            },
          }),
      }),
    );
    expect(
      await screen.findByText(
        'The last read failed: GitHub answered 404: Not Found',
      ),
    ).toBeInTheDocument();
  });

  it('re-reads the component now, then shows what was read', async () => {
    const getEntityRunbooks = jest
      .fn()
      .mockResolvedValueOnce(makeEntityRunbooks({ runbooks: [] }))
      .mockResolvedValue(makeEntityRunbooks());
    const refresh = jest.fn(async () => ({
      run: {
        startedAt: '2026-11-23T12:00:00Z',
        sourcesRead: 1,
        sourcesUnchanged: 0,
        sourcesFailed: 0,
        runbooks: 1,
        problems: 0,
      },
    }));
    renderEntityTab(makeRunbooksApi({ getEntityRunbooks, refresh }));
    await screen.findByText('No runbooks for this component');

    fireEvent.click(screen.getByRole('button', { name: 'Re-read now' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Re-read: 1 runbook, 0 problems.',
    );
    expect(refresh).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout-service',
    });
    await waitFor(() => expect(getEntityRunbooks).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByRole('region', { name: 'Runbooks' }),
    ).toHaveTextContent('Checkout service');
  });

  it('shows the backend’s error when the re-read is refused', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'You may not refresh runbooks',
    );
    renderEntityTab(
      makeRunbooksApi({
        refresh: async () => {
          throw error;
        },
      }),
    );
    await screen.findByRole('region', { name: 'Runbooks' });
    fireEvent.click(screen.getByRole('button', { name: 'Re-read now' }));
    expect(
      await screen.findByText(/You may not refresh runbooks/),
    ).toBeInTheDocument();
  });
});
