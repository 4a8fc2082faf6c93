import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { RunbookSearchResultListItem } from './RunbookSearchResultListItem';

const result = {
  title: 'Checkout service',
  text: 'Overview. Takes payments. Remediation: roll back.',
  location: '/runbooks/runbook/rb-checkout',
  entityRef: 'component:default/checkout-service',
  alerts: ['CheckoutHighErrorRate'],
  owner: 'group:default/checkout-squad',
  severity: 'critical',
};

describe('RunbookSearchResultListItem', () => {
  it('shows the title, the text and the service', async () => {
    await renderInTestApp(<RunbookSearchResultListItem result={result} />);
    expect(
      screen.getByRole('link', { name: 'Checkout service' }),
    ).toHaveAttribute('href', '/runbooks/runbook/rb-checkout');
    expect(
      screen.getByText('Overview. Takes payments. Remediation: roll back.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Service: checkout-service')).toBeInTheDocument();
    expect(screen.getByText('Owner: checkout-squad')).toBeInTheDocument();
    expect(screen.getByText('CheckoutHighErrorRate')).toBeInTheDocument();
  });

  it('marks the words the search engine highlighted', async () => {
    await renderInTestApp(
      <RunbookSearchResultListItem
        result={result}
        highlight={{
          preTag: '<tag>',
          postTag: '</tag>',
          fields: {
            text: 'Takes <tag>payments</tag>. Remediation: roll back.',
          },
        }}
      />,
    );
    const mark = screen.getByText('payments');
    expect(mark.tagName).toBe('MARK');
    expect(mark.parentElement).toHaveTextContent(
      'Takes payments. Remediation: roll back.',
    );
  });
});
