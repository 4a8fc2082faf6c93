import { z } from 'zod';
import { defineHandler } from './registry';

export interface WelcomeEmail {
  to: string;
  name: string;
  locale: string;
}

export interface EmailProvider {
  send(email: WelcomeEmail, options: { idempotencyKey: string; signal: AbortSignal }): Promise<void>;
}

/** Stands in for your email provider's client: replace it. It sends nothing. */
export const emailProvider: EmailProvider = {
  send: () => Promise.resolve(),
};

/**
 * The example handler: a welcome email for a new customer. Copy it for
 * your own job types and list them in ./index.ts. Try it with
 *
 *   npm run enqueue -- send-welcome-email '{"email":"ana@example.com","name":"Ana"}'
 */
export const sendWelcomeEmail = defineHandler({
  type: 'send-welcome-email',
  payload: z.object({
    email: z.email(),
    name: z.string().trim().min(1).max(200),
    locale: z.enum(['en', 'fr', 'de', 'es', 'pt']).default('en'),
  }),
  async handle(payload, { jobId, log, signal }) {
    signal.throwIfAborted();
    // The job id as idempotency key: a job that runs twice (after a crash)
    // still sends one email, if the provider honours the key.
    await emailProvider.send(
      { to: payload.email, name: payload.name, locale: payload.locale },
      { idempotencyKey: `welcome-email-${jobId}`, signal },
    );
    // No personal data in logs: the domain is enough to follow a delivery problem.
    log.info({ recipientDomain: payload.email.split('@')[1], locale: payload.locale }, 'welcome email sent');
  },
});
