import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';
import {
  ENTITY_REF,
  makeFeatureFlagsApi,
  OFF,
} from '../__testUtils__/fixtures';
import { AuditLog } from './AuditLog';

describe('AuditLog', () => {
  it('lists who changed what, where and why, newest first, each change on demand', async () => {
    const user = userEvent.setup();
    const downloadAuditCsv = jest.fn(makeFeatureFlagsApi().downloadAuditCsv);
    URL.createObjectURL = jest.fn(() => 'blob:audit');
    URL.revokeObjectURL = jest.fn();
    await renderInTestApp(
      <AuditLog entityRef={ENTITY_REF} flagKey="new-checkout" />,
      {
        apis: [
          [
            featureFlagsApiRef,
            makeFeatureFlagsApi({
              downloadAuditCsv,
              getAudit: async () => [
                {
                  id: '1',
                  flagKey: 'new-checkout',
                  environment: 'staging',
                  actor: 'user:default/alice',
                  at: '2026-11-20T10:00:00Z',
                  before: null,
                  after: OFF,
                  reason: 'Created',
                },
                {
                  id: '2',
                  flagKey: 'new-checkout',
                  environment: 'production',
                  actor: 'user:default/bob',
                  at: '2026-11-21T10:00:00Z',
                  before: OFF,
                  after: { ...OFF, defaultVariant: 'on' },
                  reason: 'Launch day',
                  approvedBy: 'user:default/alice',
                },
              ],
            }),
          ],
        ],
      },
    );

    const table = await screen.findByRole('table', { name: 'Changes' });
    const [, newest, , oldest] = within(table).getAllByRole('row');
    expect(newest).toHaveTextContent(/bob.*production.*Launch day.*alice/);
    expect(oldest).toHaveTextContent(/alice.*staging.*Created/);

    await user.click(
      within(newest).getByRole('button', { name: 'Show change' }),
    );
    expect(await screen.findByRole('deletion')).toHaveTextContent(
      '"defaultVariant": "off"',
    );
    expect(screen.getByRole('insertion')).toHaveTextContent(
      '"defaultVariant": "on"',
    );

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(downloadAuditCsv).toHaveBeenCalledWith(ENTITY_REF, 'new-checkout');
  });
});
