import { z } from 'zod';
import {
  parsedRunbookSchema,
  runbookLinkSchema,
  runbookProblemCodeSchema,
  runbookProblemSchema,
  runbookSectionSchema,
} from './schemas';

/** @public */
export type RunbookProblemCode = z.infer<typeof runbookProblemCodeSchema>;
/** Something wrong with a runbook file; reported, never thrown. @public */
export type RunbookProblem = z.infer<typeof runbookProblemSchema>;
/**
 * One heading and its own body (up to the next heading of any level). A
 * section's sub-sections are the entries after it with a greater `level`.
 * @public
 */
export type RunbookSection = z.infer<typeof runbookSectionSchema>;
/** @public */
export type RunbookLink = z.infer<typeof runbookLinkSchema>;
/** @public */
export type ParsedRunbook = z.infer<typeof parsedRunbookSchema>;
/** @public */
export type RunbookShape = ParsedRunbook['shape'];
