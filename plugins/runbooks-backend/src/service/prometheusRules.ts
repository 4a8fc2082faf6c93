import { parse } from 'yaml';
import { z } from 'zod';

/** One alerting rule as coverage needs it. */
export type AlertRule = {
  alert: string;
  runbookUrl?: string;
  labels: Record<string, string>;
};

const ruleFileSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z
        .array(
          z.looseObject({
            alert: z.string().trim().min(1).optional(),
            record: z.string().optional(),
            labels: z.record(z.string(), z.unknown()).nullish(),
            annotations: z.record(z.string(), z.unknown()).nullish(),
          }),
        )
        .nullish(),
    }),
  ),
});

/**
 * The alerting rules of a Prometheus rule file (`groups[].rules[]` with
 * `alert`; recording rules are skipped). Also takes a PrometheusRule custom
 * resource (prometheus-operator), whose groups are under `spec`, and several
 * YAML documents in one file. Throws an Error naming what is wrong.
 */
export function parsePrometheusRules(text: string): AlertRule[] {
  const documents = text
    .split(/^---[ \t]*$/m)
    .map(part => part.trim())
    .filter(Boolean);
  const rules: AlertRule[] = [];
  documents.forEach((source, index) => {
    let value: unknown;
    try {
      value = parse(source);
    } catch (error) {
      throw new Error(
        `document ${index + 1} is not valid YAML: ${(error as Error).message}`,
      );
    }
    const body =
      value && typeof value === 'object' && 'spec' in value
        ? (value as { spec: unknown }).spec
        : value;
    const parsed = ruleFileSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `document ${index + 1} is not a Prometheus rule file: ${
          issue.path.join('.') || '(root)'
        }: ${issue.message}`,
      );
    }
    for (const group of parsed.data.groups) {
      for (const rule of group.rules ?? []) {
        if (!rule.alert) continue;
        const runbookUrl = rule.annotations?.runbook_url;
        rules.push({
          alert: rule.alert,
          runbookUrl:
            typeof runbookUrl === 'string' && runbookUrl.trim()
              ? runbookUrl.trim()
              : undefined,
          labels: Object.fromEntries(
            Object.entries(rule.labels ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        });
      }
    }
  });
  return rules;
}

/**
 * The alert name and hints a `runbook_url` asks Paved's alert page for:
 * `…/runbooks/alert/<Name>?service=…&namespace=…`. Undefined for any other URL.
 * A templated name (`{{ $labels.alertname }}`) resolves to the rule's own alert.
 */
export function alertPageTarget(
  runbookUrl: string,
  ruleAlert: string,
): { alert: string; service?: string; namespace?: string } | undefined {
  let url: URL;
  try {
    url = new URL(runbookUrl, 'http://paved.invalid');
  } catch {
    return undefined;
  }
  const match = /\/runbooks\/alert\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return undefined;
  let alert = decodeURIComponent(match[1]);
  if (/\{\{.*\}\}/.test(alert)) alert = ruleAlert;
  const hint = (key: string) => {
    const value = url.searchParams.get(key);
    return value && !/\{\{/.test(value) ? value : undefined;
  };
  return { alert, service: hint('service'), namespace: hint('namespace') };
}
