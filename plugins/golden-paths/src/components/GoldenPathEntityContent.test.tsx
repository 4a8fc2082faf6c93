import { screen } from '@testing-library/react';
import {
  makeGoldenPathsApi,
  makeService,
  makeTemplates,
  makeTypescriptTemplate,
} from '../__testUtils__/fixtures';
import { generatedComponent, renderEntityTab } from '../__testUtils__/render';

// CI shares its cores with PostgreSQL and the browser tests' build.
jest.setTimeout(30_000);

/** The value shown under a label of the card (a `dt` and its `dd`). */
function valueOf(label: string) {
  return screen.getByText(label).nextElementSibling?.textContent;
}

describe('GoldenPathEntityContent', () => {
  it('shows the version it came from against the current one, and what to do', async () => {
    await renderEntityTab(generatedComponent('loyalty-service'));
    expect(
      await screen.findByRole('link', { name: 'TypeScript HTTP service' }),
    ).toHaveAttribute('href', '/create/templates/default/typescript-service');
    expect(valueOf('Generated from version')).toBe('1.2.7');
    expect(valueOf('Current version')).toBe('1.4.1');
    expect(valueOf('Lag')).toBe('minor behind');
    expect(screen.getByRole('alert')).toHaveTextContent(
      '1.2.7 is behind 1.4.1 by a minor version. Compare the skeleton’s changes since 1.2.7 in templates/typescript-service',
    );
  });

  it('says a major lag is breaking', async () => {
    await renderEntityTab(generatedComponent('cart-service'));
    await screen.findByRole('link', { name: 'TypeScript HTTP service' });
    expect(valueOf('Generated from version')).toBe('0.9.0');
    expect(valueOf('Lag')).toBe('major behind');
    expect(screen.getByRole('alert')).toHaveTextContent(
      /0\.9\.0 is behind 1\.4\.1 by a major version: a breaking change/,
    );
  });

  it('says when it is up to date', async () => {
    await renderEntityTab(generatedComponent('gift-card-service'));
    await screen.findByRole('link', { name: 'TypeScript HTTP service' });
    expect(valueOf('Lag')).toBe('current');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Up to date: generated from the template’s current version.',
    );
  });

  it('compares its own annotations when the backend does not list it yet', async () => {
    await renderEntityTab(generatedComponent('brand-new-service'));
    await screen.findByRole('link', { name: 'TypeScript HTTP service' });
    expect(valueOf('Generated from version')).toBe('1.2.7');
    expect(valueOf('Current version')).toBe('1.4.1');
    expect(valueOf('Lag')).toBe('minor behind');
  });

  it('says when the version it came from is not recorded', async () => {
    await renderEntityTab(
      generatedComponent('legacy-importer', {
        'paved.dev/template': 'typescript-service',
      }),
    );
    await screen.findByRole('link', { name: 'TypeScript HTTP service' });
    expect(valueOf('Generated from version')).toBe('not recorded');
    expect(valueOf('Lag')).toBe('version unknown');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The version it was generated from is not recorded.',
    );
  });

  it('says when its template is no longer in the catalog', async () => {
    await renderEntityTab(
      generatedComponent('inventory-service', {
        'paved.dev/template': 'template:default/java-service',
        'paved.dev/template-version': '2.1.0',
      }),
    );
    expect(
      await screen.findByText('not in the catalog any more'),
    ).toBeInTheDocument();
    expect(valueOf('Current version')).toBe('unknown');
  });

  it('says when the component was not generated from a template', async () => {
    const api = makeGoldenPathsApi();
    await renderEntityTab(generatedComponent('checkout-service', {}), api);
    expect(
      await screen.findByText('Not generated from a template'),
    ).toBeInTheDocument();
    expect(api.listTemplates).not.toHaveBeenCalled();
  });

  it('shows the error', async () => {
    await renderEntityTab(
      generatedComponent('loyalty-service'),
      makeGoldenPathsApi({
        listTemplates: jest.fn(async () => {
          throw new Error('golden paths backend down');
        }),
      }),
    );
    expect(
      (await screen.findAllByText(/golden paths backend down/)).length,
    ).toBeGreaterThan(0);
  });

  it('matches the component whatever the case of its ref', async () => {
    const templates = makeTemplates();
    templates[0] = makeTypescriptTemplate({
      services: [
        makeService('Loyalty-Service', '1.4.0', 'patch', {
          entityRef: 'component:default/Loyalty-Service',
        }),
      ],
    });
    await renderEntityTab(
      generatedComponent('loyalty-service'),
      makeGoldenPathsApi({
        listTemplates: jest.fn(async () => ({ templates })),
      }),
    );
    await screen.findByRole('link', { name: 'TypeScript HTTP service' });
    expect(valueOf('Generated from version')).toBe('1.4.0');
    expect(valueOf('Lag')).toBe('patch behind');
  });
});
