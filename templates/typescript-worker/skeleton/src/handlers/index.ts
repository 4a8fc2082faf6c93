import { HandlerRegistry } from './registry';
import { sendWelcomeEmail } from './sendWelcomeEmail';

/** Every job type this worker runs. Add yours here. */
export function createHandlers(): HandlerRegistry {
  return new HandlerRegistry([sendWelcomeEmail]);
}

export { HandlerRegistry, PermanentJobError, defineHandler, type JobContext, type JobHandler } from './registry';
