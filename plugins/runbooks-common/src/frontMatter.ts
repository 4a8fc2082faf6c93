import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import {
  FRONT_MATTER_ALIASES,
  frontMatterFieldSchemas,
  KnownFrontMatterKey,
  RunbookFrontMatter,
} from './schemas';
import type { RunbookProblem } from './types';

/** The front-matter block cut off a Markdown file. */
export interface SplitFrontMatter {
  /** The YAML between the fences, or undefined when there is none. */
  yaml?: string;
  /** The Markdown after the closing fence. */
  body: string;
  /** 1-based line of `body`'s first line in the file. */
  bodyLine: number;
  /** Set when an opening fence has no closing one. */
  problem?: RunbookProblem;
}

const OPENING = /^---[ \t]*\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits `---\n…\n---` front-matter from the body. Text must already use
 * `\n` line ends. An unclosed fence is reported and the whole text is
 * treated as Markdown (a leading `---` is then a thematic break).
 */
export function splitFrontMatter(text: string): SplitFrontMatter {
  if (!OPENING.test(text)) {
    return { body: text, bodyLine: 1 };
  }
  const afterOpening = text.slice(text.indexOf('\n') + 1);
  const closing = CLOSING.exec(afterOpening);
  if (!closing) {
    return {
      body: text,
      bodyLine: 1,
      problem: {
        code: 'front-matter-invalid',
        message: 'Front-matter starts with "---" on line 1 but is never closed',
        line: 1,
      },
    };
  }
  const yaml = afterOpening.slice(0, closing.index);
  const rest = afterOpening.slice(closing.index + closing[0].length);
  const body = rest.startsWith('\n') ? rest.slice(1) : rest;
  const yamlLines = yaml === '' ? 0 : yaml.split('\n').length - 1;
  return { yaml, body, bodyLine: 2 + yamlLines + 1 };
}

export interface ParsedFrontMatter {
  /** Everything the YAML held, known keys replaced by their validated values. */
  frontMatter: Record<string, unknown>;
  fields: Partial<RunbookFrontMatter>;
  problems: RunbookProblem[];
  /** File line of each known key that was read, e.g. to point at `alerts`. */
  fieldLines: Partial<Record<KnownFrontMatterKey, number>>;
}

/**
 * Parses front-matter YAML (which starts on file line 2) and validates the
 * known keys one by one. Nothing is thrown: a YAML error drops the whole
 * block, a bad field drops only that field.
 */
export function parseFrontMatter(yaml: string): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const fileLine = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line + 1;
  const doc = parseDocument(yaml, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return {
      frontMatter: {},
      fields: {},
      fieldLines: {},
      problems: [
        {
          code: 'front-matter-invalid',
          message: `Front-matter is not valid YAML: ${
            error.message.split('\n')[0]
          }`,
          line: fileLine(error.pos[0]),
        },
      ],
    };
  }
  if (doc.contents === null) {
    return { frontMatter: {}, fields: {}, fieldLines: {}, problems: [] };
  }
  if (!isMap(doc.contents)) {
    return {
      frontMatter: {},
      fields: {},
      fieldLines: {},
      problems: [
        {
          code: 'front-matter-invalid',
          message: 'Front-matter must be a mapping of keys to values',
          line: fileLine(doc.contents.range?.[0]),
        },
      ],
    };
  }

  const lineOfKey = new Map<string, number | undefined>();
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key)) {
      lineOfKey.set(String(pair.key.value), fileLine(pair.key.range?.[0]));
    }
  }
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown>;
  } catch (error) {
    // Alias bombs ("billion laughs") and similar are refused by the library.
    return {
      frontMatter: {},
      fields: {},
      fieldLines: {},
      problems: [
        {
          code: 'front-matter-invalid',
          message: `Front-matter could not be read: ${
            (error as Error).message
          }`,
          line: 2,
        },
      ],
    };
  }
  const frontMatter: Record<string, unknown> = { ...raw };
  const fields: Partial<Record<KnownFrontMatterKey, unknown>> = {};
  const problems: RunbookProblem[] = [];
  const fieldLines: Partial<Record<KnownFrontMatterKey, number>> = {};

  const keys = Object.keys(raw);
  for (const key of keys) {
    const target: KnownFrontMatterKey | undefined =
      key in frontMatterFieldSchemas
        ? (key as KnownFrontMatterKey)
        : FRONT_MATTER_ALIASES[key];
    if (!target || raw[key] === null || raw[key] === undefined) {
      continue;
    }
    if (target !== key && keys.includes(target)) {
      problems.push({
        code: 'front-matter-field-invalid',
        message: `Front-matter has both "${key}" and "${target}"; "${key}" is ignored`,
        line: lineOfKey.get(key),
      });
      continue;
    }
    const result = frontMatterFieldSchemas[target].safeParse(raw[key]);
    if (result.success) {
      fields[target] = result.data;
      fieldLines[target] = lineOfKey.get(key);
      frontMatter[key] = result.data;
    } else {
      problems.push({
        code: 'front-matter-field-invalid',
        message: `Front-matter "${key}" ${describeIssue(
          result.error.issues[0],
        )}`,
        line: lineOfKey.get(key),
      });
    }
  }
  return {
    frontMatter,
    fields: fields as Partial<RunbookFrontMatter>,
    fieldLines,
    problems,
  };
}

function describeIssue(issue: { code: string; message: string }): string {
  if (issue.code === 'invalid_union' || issue.code === 'invalid_type') {
    return 'has the wrong type';
  }
  return issue.message;
}
