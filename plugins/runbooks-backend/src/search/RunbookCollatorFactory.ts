import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import { IndexableDocument } from '@backstage/plugin-search-common';
import { Readable } from 'node:stream';
import { z } from 'zod';

/** A runbook in the portal's global search. */
export interface RunbookDocument extends IndexableDocument {
  entityRef: string;
  alerts: string[];
  owner?: string;
  system?: string;
  severity?: string;
}

const PAGE_SIZE = 500;

const pageSchema = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      entityRef: z.string(),
      title: z.string(),
      text: z.string(),
      alerts: z.array(z.string()),
      owner: z.string().optional(),
      system: z.string().optional(),
      severity: z.string().optional(),
    }),
  ),
});

/**
 * Feeds runbooks into Backstage search (type `runbook`), paging through the
 * runbooks backend's `GET /documents`. The alert names lead the text, so a
 * search for an alert finds its runbook.
 */
export class RunbookCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'runbook';

  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<RunbookDocument> {
    const base = await this.deps.discovery.getBaseUrl('runbooks');
    let after = '0';
    for (;;) {
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'runbooks',
      });
      const response = await fetch(
        `${base}/documents?after=${after}&limit=${PAGE_SIZE}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const { documents } = pageSchema.parse(await response.json());
      for (const doc of documents) {
        yield {
          title: doc.title,
          text: [doc.alerts.join(' '), doc.text].filter(Boolean).join('\n'),
          location: `/runbooks/runbook/${doc.id}`,
          entityRef: doc.entityRef,
          alerts: doc.alerts,
          owner: doc.owner,
          system: doc.system,
          severity: doc.severity,
        };
      }
      if (documents.length < PAGE_SIZE) return;
      after = documents[documents.length - 1].id;
    }
  }
}
