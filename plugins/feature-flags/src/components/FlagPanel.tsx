import {
  EnvironmentDefinition,
  FeatureFlag,
  FeatureFlagsSettings,
} from '@internal/plugin-feature-flags-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { SaveDefinitionResult } from '../api/FeatureFlagsApi';
import { ArchiveFlagDialog } from './ArchiveFlagDialog';
import { AuditLog } from './AuditLog';
import { EnvironmentControls } from './EnvironmentControls';
import { EvaluationsChart } from './EvaluationsChart';
import { formatDate, shortRef } from './formatting';

/**
 * One flag, opened from the table: per environment its rollout, kill
 * switch, ladder and JSON; then its evaluations and audit log.
 */
export function FlagPanel(props: {
  entityRef: string;
  flag: FeatureFlag;
  settings: FeatureFlagsSettings;
  environment: string;
  onEnvironmentChange(environment: string): void;
  reloadLatest(
    flagKey: string,
    environment: string,
  ): Promise<EnvironmentDefinition | undefined>;
  onSaved(result: SaveDefinitionResult): void;
  onArchived(): void;
}) {
  const { entityRef, flag, settings, environment } = props;
  const [archiving, setArchiving] = useState(false);
  const refreshKey = settings.environments
    .map(name => flag.environments[name]?.version ?? 0)
    .join('.');
  return (
    <Card
      component="section"
      aria-label={`Flag ${flag.key}`}
      variant="outlined"
    >
      <CardContent>
        <Box display="flex" alignItems="center" gap={1} flexWrap="wrap">
          <Typography variant="h5" component="h2">
            <code>{flag.key}</code>
          </Typography>
          <Chip size="small" label={flag.kind} />
          <Box flexGrow={1} />
          <Button
            size="small"
            color="error"
            variant="outlined"
            onClick={() => setArchiving(true)}
          >
            Archive flag
          </Button>
        </Box>
        {archiving && (
          <ArchiveFlagDialog
            entityRef={entityRef}
            flag={flag}
            onClose={() => setArchiving(false)}
            onArchived={() => {
              setArchiving(false);
              props.onArchived();
            }}
          />
        )}
        {flag.description && (
          <Typography variant="body1" sx={{ mt: 1 }}>
            {flag.description}
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          Created by {shortRef(flag.createdBy)} on {formatDate(flag.createdAt)}
          {flag.expectedLifetimeDays
            ? ` · ${flag.kind} flags are expected to live ${flag.expectedLifetimeDays} days`
            : ''}
        </Typography>
        <Box sx={{ borderBottom: 1, borderColor: 'divider', mt: 2, mb: 2 }}>
          <Tabs
            value={environment}
            onChange={(_event, next: string) => props.onEnvironmentChange(next)}
            aria-label="Environment"
          >
            {settings.environments.map(name => (
              <Tab key={name} value={name} label={name} />
            ))}
          </Tabs>
        </Box>
        <EnvironmentControls
          key={`${flag.key}-${environment}`}
          entityRef={entityRef}
          flag={flag}
          environment={environment}
          settings={settings}
          reloadLatest={() => props.reloadLatest(flag.key, environment)}
          onSaved={props.onSaved}
        />
        <Divider sx={{ my: 3 }} />
        <EvaluationsChart
          key={`evaluations-${flag.key}-${environment}`}
          entityRef={entityRef}
          flagKey={flag.key}
          environments={settings.environments}
          initialEnvironment={environment}
          refreshKey={refreshKey}
        />
        <Divider sx={{ my: 3 }} />
        <AuditLog
          entityRef={entityRef}
          flagKey={flag.key}
          refreshKey={refreshKey}
        />
      </CardContent>
    </Card>
  );
}
