import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { TemplateFile } from './readTemplateFiles';

/** What the scaffolder's `POST /v2/dry-run` answers. */
export type ScaffolderDryRunResponse = {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: {
    path: string;
    executable?: boolean;
    base64Content: string;
  }[];
  output: Record<string, unknown>;
  steps: { id: string; name: string; action: string }[];
};

/**
 * Calls the scaffolder's own dry-run API on behalf of the user: the same
 * engine, actions and parameter validation as a real run, with every action
 * in dry-run mode (those that cannot dry-run are skipped) — so nothing is
 * created anywhere.
 */
export class ScaffolderDryRunClient {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  async dryRun(options: {
    template: Entity;
    values: Record<string, unknown>;
    files: TemplateFile[];
    credentials: BackstageCredentials;
  }): Promise<ScaffolderDryRunResponse> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'scaffolder',
    });
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const response = await fetch(`${baseUrl}/v2/dry-run`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        template: options.template,
        values: options.values,
        secrets: {},
        directoryContents: options.files,
      }),
    });
    if (!response.ok) {
      throw await dryRunError(response);
    }
    return (await response.json()) as ScaffolderDryRunResponse;
  }
}

/**
 * The scaffolder's error as the user should read it: a 400 for parameters
 * its JSON schema refuses comes as `{ errors: [{ path, message }] }`, named
 * field by field; any other error as `{ error: { message } }`. Either is a
 * problem with what the user sent or with the template, so both are 400s.
 */
async function dryRunError(response: Response): Promise<Error> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const errors = (body as { errors?: unknown })?.errors;
  if (Array.isArray(errors)) {
    const fields = errors
      .map(error => {
        const { path, property, message } = error as {
          path?: unknown[];
          property?: string;
          message?: string;
        };
        const field =
          Array.isArray(path) && path.length > 0
            ? path.join('.')
            : property?.replace(/^instance\.?/, '') || '(root)';
        return `${field}: ${message ?? 'is not valid'}`;
      })
      .join('; ');
    return new InputError(`The parameters are not valid: ${fields}`);
  }
  const message =
    (body as { error?: { message?: string } })?.error?.message ??
    (text.slice(0, 500) || response.statusText);
  return new InputError(`The dry run failed: ${message}`);
}
