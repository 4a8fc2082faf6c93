import { RunbookSummary } from '@internal/plugin-runbooks-common';
import { computeCoverage } from './coverage';
import { chooseRunbook } from './resolveAlert';

const entity = (name: string) => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner: 'group:default/checkout-squad',
  lifecycle: 'production',
});

function runbook(
  name: string,
  fields: Partial<RunbookSummary> = {},
): RunbookSummary {
  return {
    id: name,
    entityRef: `component:default/${name}`,
    path: `docs/runbooks/${name}.md`,
    url: `https://github.com/o/${name}/blob/HEAD/docs/runbooks/${name}.md`,
    title: name,
    alerts: [],
    shape: 'per-service',
    missingSections: [],
    problemCount: 0,
    lastReviewed: '2026-11-01',
    ...fields,
  };
}

const now = new Date('2026-11-29T12:00:00Z');

function coverage(
  runbooks: RunbookSummary[],
  extra: Partial<Parameters<typeof computeCoverage>[0]> = {},
) {
  return computeCoverage({
    components: [entity('cart'), entity('checkout'), entity('shipping')],
    runbooks,
    problemCounts: new Map(),
    lastIncidents: new Map(),
    rulesSources: [],
    resolve: (alert, hints) =>
      chooseRunbook(
        runbooks.filter(r => r.alerts.includes(alert)),
        hints,
        new Map(),
      ),
    staleDays: 90,
    now,
    ...extra,
  });
}

describe('computeCoverage', () => {
  it('lists Components without runbooks and the sections none of a service’s runbooks has', () => {
    const result = coverage([
      runbook('cart', { missingSections: ['escalation', 'externalContacts'] }),
      runbook('cart', {
        id: 'cart-2',
        missingSections: ['externalContacts', 'overview'],
      }),
      runbook('checkout'),
    ]);
    const [cart, checkout, shipping] = result.components;
    expect(cart).toMatchObject({
      runbookCount: 2,
      missingSections: ['externalContacts'],
    });
    expect(checkout.missingSections).toEqual([]);
    expect(shipping).toMatchObject({ runbookCount: 0, stale: [] });
    expect(shipping.missingSections).toHaveLength(5);
    expect(result.summary).toMatchObject({
      components: 3,
      withRunbook: 2,
      complete: 1,
      runbooks: 3,
    });
  });

  it('calls a runbook stale when not reviewed for N days, or reviewed before the last incident', () => {
    const result = coverage(
      [
        runbook('cart', { lastReviewed: '2026-08-30' }),
        runbook('checkout', { lastReviewed: '2026-11-01' }),
        runbook('shipping', {
          lastReviewed: undefined,
          commit: { sha: 'a', date: '2026-10-01T00:00:00Z' },
        }),
      ],
      {
        lastIncidents: new Map([
          ['component:default/checkout', '2026-11-20T03:00:00Z'],
        ]),
      },
    );
    expect(result.components.map(c => c.stale)).toEqual([
      ['not-reviewed'],
      ['older-than-incident'],
      [],
    ]);
    expect(result.components[2].lastReviewed).toBe('2026-10-01');
    expect(result.summary.stale).toBe(2);
  });

  it('lists alerts whose runbook_url resolves to nothing, and runbook alerts no rule fires', () => {
    const result = coverage(
      [
        runbook('cart', { alerts: ['CartDown', 'CartSlow'] }),
        runbook('checkout', { alerts: ['HighErrorRate'] }),
      ],
      {
        rulesSources: [
          {
            source: 'https://github.com/o/mon/blob/main/alerts.yaml',
            rules: [
              {
                alert: 'CartDown',
                runbookUrl: 'http://localhost:7007/runbooks/alert/CartDown',
                labels: {},
              },
              {
                alert: 'HighErrorRate',
                runbookUrl:
                  'http://localhost:7007/runbooks/alert/HighErrorRate',
                labels: { service: 'shipping' },
              },
              {
                alert: 'ShippingLabelPrinterOffline',
                runbookUrl:
                  'http://localhost:7007/runbooks/alert/ShippingLabelPrinterOffline',
                labels: {},
              },
              { alert: 'NoUrl', labels: {} },
              {
                alert: 'Wiki',
                runbookUrl: 'https://wiki.example/Wiki',
                labels: {},
              },
            ],
          },
        ],
      },
    );
    expect(result.alertsWithoutRunbook.map(a => [a.alert, a.reason])).toEqual([
      ['HighErrorRate', 'resolves-to-nothing'],
      ['ShippingLabelPrinterOffline', 'resolves-to-nothing'],
      ['NoUrl', 'no-runbook-url'],
    ]);
    expect(result.runbooksMatchingNoAlert.map(a => a.alert)).toEqual([
      'CartSlow',
    ]);
    expect(result.rulesSources[0].alertCount).toBe(5);
  });

  it('does not call every runbook alert unmatched when the rules could not be read', () => {
    const result = coverage([runbook('cart', { alerts: ['CartDown'] })], {
      rulesSources: [{ source: 'x', rules: [], error: 'not found' }],
    });
    expect(result.runbooksMatchingNoAlert).toEqual([]);
  });
});
