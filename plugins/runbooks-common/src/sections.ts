/**
 * The five sections every production runbook must have (seeds: "service
 * overview, common failure scenarios and diagnostic steps, remediation
 * actions, escalation path, contact information for external dependencies"),
 * and the heading synonyms that count as each.
 */
export const CANONICAL_SECTIONS = [
  'overview',
  'failureScenarios',
  'remediation',
  'escalation',
  'externalContacts',
] as const;

/** @public */
export type CanonicalSection = (typeof CANONICAL_SECTIONS)[number];

/** Labels for the UI and for messages. */
export const CANONICAL_SECTION_LABELS: Record<CanonicalSection, string> = {
  overview: 'Overview',
  failureScenarios: 'Failure scenarios',
  remediation: 'Remediation',
  escalation: 'Escalation',
  externalContacts: 'External contacts',
};

/**
 * How a heading relates to its canonical section. Only `impact` differs from
 * `primary`: see {@link SECTION_SYNONYMS}.
 */
export type SynonymKind = 'primary' | 'impact';

/**
 * Heading synonyms, already normalised (see {@link normaliseHeading}).
 *
 * A per-alert runbook (prometheus-operator / OpenShift: Meaning, Impact,
 * Diagnosis, Mitigation) describes one failure: the alert itself. Its
 * Diagnosis holds the diagnostic steps, so Diagnosis alone satisfies
 * "failure scenarios with diagnostic steps". Impact says what breaks but not
 * how to find out why, so an Impact section is grouped under failure
 * scenarios for display but does not on its own make that section present.
 */
export const SECTION_SYNONYMS: Record<
  CanonicalSection,
  ReadonlyArray<string | { heading: string; kind: SynonymKind }>
> = {
  overview: [
    'overview',
    'summary',
    'meaning',
    'description',
    'about',
    'what it does',
    'introduction',
  ],
  failureScenarios: [
    'failure scenarios',
    'failure modes',
    'failures',
    'known failure modes',
    'known issues',
    'symptoms',
    'troubleshooting',
    'diagnosis',
    'diagnostics',
    'diagnostic',
    'investigation',
    { heading: 'impact', kind: 'impact' },
  ],
  remediation: [
    'remediation',
    'mitigation',
    'resolution',
    'fix',
    'fixes',
    'recovery',
  ],
  escalation: [
    'escalation',
    'escalation path',
    'escalation policy',
    'escalations',
    'on call',
    'oncall',
    'contacts',
    'contacts internal',
    'internal contacts',
  ],
  externalContacts: [
    'external contacts',
    'external dependency contacts',
    'external dependencies contacts',
    'vendors',
    'vendor contacts',
    'third parties',
    'third party contacts',
    'third party',
    'suppliers',
    'supplier contacts',
  ],
};

/** Words a heading may add around a synonym without changing its meaning. */
const OPTIONAL_PREFIXES = ['service', 'common', 'runbook'];
const OPTIONAL_SUFFIXES = ['steps', 'actions', 'procedure', 'procedures'];

const LOOKUP: ReadonlyMap<
  string,
  { canonical: CanonicalSection; kind: SynonymKind }
> = new Map(
  CANONICAL_SECTIONS.flatMap(canonical =>
    SECTION_SYNONYMS[canonical].map(entry =>
      typeof entry === 'string'
        ? ([entry, { canonical, kind: 'primary' as SynonymKind }] as const)
        : ([entry.heading, { canonical, kind: entry.kind }] as const),
    ),
  ),
);

/**
 * Lower-cases, drops punctuation, emoji and leading numbering ("2.", "3)",
 * "Step 1:"), and collapses white space: `"  2. Escalation-Path:"` →
 * `"escalation path"`.
 */
export function normaliseHeading(heading: string): string {
  return heading
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:step\s+)?\d+(?:\s+\d+)*\s+/, '')
    .trim();
}

/**
 * The canonical section a heading stands for, or undefined (e.g. a failure
 * scenario's own title, "Database unreachable").
 */
export function canonicalSectionOf(heading: string): SectionMatch | undefined {
  const normalised = normaliseHeading(heading);
  const exact = LOOKUP.get(normalised);
  if (exact) {
    return { ...exact, synonym: normalised };
  }
  let words = normalised.split(' ');
  if (words.length > 1 && OPTIONAL_PREFIXES.includes(words[0])) {
    words = words.slice(1);
  }
  if (words.length > 1 && OPTIONAL_SUFFIXES.includes(words[words.length - 1])) {
    words = words.slice(0, -1);
  }
  const synonym = words.join(' ');
  const match = LOOKUP.get(synonym);
  return match && { ...match, synonym };
}

/** A heading recognised as one of the canonical sections. */
export interface SectionMatch {
  canonical: CanonicalSection;
  kind: SynonymKind;
  /** The table entry it matched, e.g. `"diagnosis"` for "Diagnosis steps". */
  synonym: string;
}

/**
 * Failure-scenario headings that hold a list of scenarios as sub-sections in
 * a per-service runbook (`## Failure scenarios` / `### Database
 * unreachable`). Diagnosis and Impact are left out: in a per-alert runbook
 * their sub-headings are steps, not scenarios.
 */
export const SCENARIO_LIST_SYNONYMS: ReadonlySet<string> = new Set([
  'failure scenarios',
  'failure modes',
  'failures',
  'known failure modes',
  'known issues',
  'symptoms',
  'troubleshooting',
]);

/**
 * The headings of the per-alert layout used by the prometheus-operator and
 * OpenShift runbook collections.
 */
export const PER_ALERT_SYNONYMS: ReadonlySet<string> = new Set([
  'meaning',
  'impact',
  'diagnosis',
  'mitigation',
]);
