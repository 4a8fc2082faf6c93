import { alertPageTarget, parsePrometheusRules } from './prometheusRules';

describe('parsePrometheusRules', () => {
  it('reads alerting rules with their runbook_url and labels, skipping recording rules', () => {
    const rules = parsePrometheusRules(`groups:
  - name: checkout
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: CheckoutHighLatency
        expr: histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{service="checkout-service"}[5m]))) > 1
        for: 10m
        labels:
          severity: critical
          service: checkout-service
        annotations:
          summary: p99 above 1s
          runbook_url: https://paved.example/runbooks/alert/CheckoutHighLatency
      - alert: CheckoutPodsNotReady
        expr: kube_deployment_status_replicas_unavailable > 0
`);
    expect(rules).toEqual([
      {
        alert: 'CheckoutHighLatency',
        runbookUrl: 'https://paved.example/runbooks/alert/CheckoutHighLatency',
        labels: { severity: 'critical', service: 'checkout-service' },
      },
      { alert: 'CheckoutPodsNotReady', runbookUrl: undefined, labels: {} },
    ]);
  });

  it('reads a PrometheusRule resource and several documents', () => {
    const rules = parsePrometheusRules(`apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
    - name: a
      rules:
        - alert: A
---
groups:
  - name: b
    rules:
      - alert: B
`);
    expect(rules.map(r => r.alert)).toEqual(['A', 'B']);
  });

  it('says what is wrong with a file that is not a rule file', () => {
    expect(() => parsePrometheusRules('groups: [ {name: a')).toThrow(
      /document 1 is not valid YAML/,
    );
    expect(() => parsePrometheusRules('alerts:\n  - A\n')).toThrow(
      /document 1 is not a Prometheus rule file: groups/,
    );
  });
});

describe('alertPageTarget', () => {
  it('reads the alert name and hints of a Paved alert URL', () => {
    expect(
      alertPageTarget(
        'http://localhost:7007/runbooks/alert/HighErrorRate?service=cart-service',
        'HighErrorRate',
      ),
    ).toEqual({ alert: 'HighErrorRate', service: 'cart-service' });
    expect(
      alertPageTarget('/runbooks/alert/{{ $labels.alertname }}', 'CartDown'),
    ).toEqual({ alert: 'CartDown' });
    expect(
      alertPageTarget('https://wiki.example/CartDown', 'CartDown'),
    ).toBeUndefined();
  });
});
