import { CodeSnippet } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { featureFlagsApiRef } from '../api/FeatureFlagsApi';

/** Node with the OpenFeature OFREP provider, which appends `/ofrep/v1/...` to the base URL. */
export function openFeatureSnippet(baseUrl: string): string {
  return `import { OpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';

await OpenFeature.setProviderAndWait(
  new OFREPProvider({
    baseUrl: '${baseUrl}',
    headers: [['Authorization', \`Bearer \${process.env.FEATURE_FLAGS_API_KEY}\`]],
  }),
);
const flags = OpenFeature.getClient();
const enabled = await flags.getBooleanValue('my-flag', false, {
  targetingKey: user.id, // the same user always lands in the same bucket
  email: user.email,
});`;
}

/** The same evaluation with curl. */
export function curlSnippet(baseUrl: string): string {
  return `curl -X POST '${baseUrl}/ofrep/v1/evaluate/flags/my-flag' \\
  -H "Authorization: Bearer $FEATURE_FLAGS_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{"context": {"targetingKey": "user-42"}}'`;
}

/** How a service evaluates this component's flags: OpenFeature over OFREP with an API key. */
export function ConnectSnippet() {
  const api = useApi(featureFlagsApiRef);
  const { value: baseUrl } = useAsync(() => api.getBaseUrl(), [api]);
  if (!baseUrl) return null;
  return (
    <Box component="section" aria-label="How to connect" mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        How to connect
      </Typography>
      <Typography variant="body2" paragraph>
        Services evaluate flags with any OpenFeature SDK and its OFREP provider,
        pointed at <code>{baseUrl}</code> with an API key of the environment
        they run in (from a secret, never in the repository).
      </Typography>
      <CodeSnippet
        language="typescript"
        text={openFeatureSnippet(baseUrl)}
        showCopyCodeButton
      />
      <Box mt={1}>
        <CodeSnippet
          language="bash"
          text={curlSnippet(baseUrl)}
          showCopyCodeButton
        />
      </Box>
    </Box>
  );
}
