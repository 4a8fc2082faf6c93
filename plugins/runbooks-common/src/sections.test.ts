import { canonicalSectionOf, normaliseHeading } from './sections';

const canonical = (heading: string) => canonicalSectionOf(heading)?.canonical;

describe('normaliseHeading', () => {
  it('drops case, punctuation, emoji and numbering', () => {
    expect(normaliseHeading('  2. Escalation-Path:')).toBe('escalation path');
    expect(normaliseHeading('🚨 On-Call')).toBe('on call');
    expect(normaliseHeading('Step 3: Remediation')).toBe('remediation');
    expect(normaliseHeading('5xx errors')).toBe('5xx errors');
  });
});

describe('canonicalSectionOf', () => {
  it.each([
    ['Overview', 'overview'],
    ['Service overview', 'overview'],
    ['Summary', 'overview'],
    ['Meaning', 'overview'],
    ['Description', 'overview'],
    ['About', 'overview'],
    ['Failure scenarios', 'failureScenarios'],
    ['Common failure scenarios', 'failureScenarios'],
    ['Failure modes', 'failureScenarios'],
    ['Impact', 'failureScenarios'],
    ['Diagnosis', 'failureScenarios'],
    ['Diagnosis steps', 'failureScenarios'],
    ['Diagnostic steps', 'failureScenarios'],
    ['Symptoms', 'failureScenarios'],
    ['TROUBLESHOOTING', 'failureScenarios'],
    ['Remediation', 'remediation'],
    ['Remediation actions', 'remediation'],
    ['Mitigation', 'remediation'],
    ['Resolution', 'remediation'],
    ['Fix', 'remediation'],
    ['Recovery', 'remediation'],
    ['Escalation', 'escalation'],
    ['Escalation path', 'escalation'],
    ['On-call', 'escalation'],
    ['Contacts (internal)', 'escalation'],
    ['Contacts', 'escalation'],
    ['External contacts', 'externalContacts'],
    ['Vendors', 'externalContacts'],
    ['Third parties', 'externalContacts'],
    ['Third-party contacts', 'externalContacts'],
    ['Suppliers', 'externalContacts'],
  ])('maps "%s" to %s', (heading, expected) => {
    expect(canonical(heading)).toBe(expected);
  });

  it('leaves scenario titles and other headings alone', () => {
    expect(canonical('Database unreachable')).toBeUndefined();
    expect(canonical('KubePodCrashLooping')).toBeUndefined();
    expect(canonical('Fix the database')).toBeUndefined();
    expect(canonical('Service')).toBeUndefined();
  });

  it('marks Impact apart from the other failure-scenario headings', () => {
    expect(canonicalSectionOf('Impact')?.kind).toBe('impact');
    expect(canonicalSectionOf('Diagnosis')?.kind).toBe('primary');
  });
});
