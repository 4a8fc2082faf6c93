import { lumenRetailFocusExport } from '@internal/fake-cloud';
import { awsServiceCategory } from './awsServiceCategory';

describe('awsServiceCategory', () => {
  it('categorises the services AWS bills as AWS’s FOCUS export does', () => {
    const seen = new Map<string, string>();
    for (const row of lumenRetailFocusExport({
      now: new Date('2026-11-20T00:00:00Z'),
    })) {
      if (row.ProviderName === 'AWS' && row.ChargeCategory === 'Usage') {
        seen.set(row.ServiceName, row.ServiceCategory);
      }
    }
    seen.delete('AWS Support (Business)');
    expect(seen.size).toBeGreaterThanOrEqual(9);
    for (const [service, category] of seen) {
      expect([service, awsServiceCategory(service)]).toEqual([
        service,
        category,
      ]);
    }
  });

  it.each([
    ['Amazon Elastic Compute Cloud - Compute', 'Compute'],
    ['EC2 - Other', 'Compute'],
    ['Amazon Relational Database Service', 'Databases'],
    ['Amazon Simple Storage Service', 'Storage'],
    ['Amazon Virtual Private Cloud', 'Networking'],
    ['AWS Key Management Service', 'Security'],
    ['AWS Database Migration Service', 'Migration'],
    ['Amazon SageMaker', 'AI and Machine Learning'],
    ['Tax', 'Other'],
  ])('%s is %s', (service, category) => {
    expect(awsServiceCategory(service)).toBe(category);
  });
});
