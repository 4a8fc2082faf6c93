export { percentileCont, summarizeDurations } from './percentile';
export { attributeIncident } from './attributeIncident';
export { attributeChanges } from './attributeChanges';
export type { ChangeAttribution } from './attributeChanges';
export {
  computeDoraMetrics,
  deriveFacts,
  metricsFromSummary,
  summarizeFacts,
} from './computeDoraMetrics';
export type {
  DoraMetricsInput,
  DoraFacts,
  DoraSummary,
  DeploymentFact,
  ChangeFact,
  IncidentFact,
} from './computeDoraMetrics';
export { deployDaysPerWeek } from './deployDaysPerWeek';
export { shaMatches } from './shaMatches';
export { sameService } from './sameService';
export type { ServiceIdentity } from './sameService';
export { isSuccessfulProductionDeployment } from './isSuccessfulProductionDeployment';
export { classifyDeployments } from './classifyDeployments';
export type { DeploymentClassification } from './classifyDeployments';
export { describeRecords } from './describeRecords';
export { computeSeries, seriesPeriods } from './computeSeries';
export { markRevertDeployments } from './markRevertDeployments';
