import { Marked, Token, Tokens } from 'marked';
import {
  alertNameFromPath,
  isAlertLikeName,
  normaliseAlertName,
} from './alertNames';
import { parseFrontMatter, splitFrontMatter } from './frontMatter';
import { linkKind } from './links';
import {
  CANONICAL_SECTIONS,
  CanonicalSection,
  canonicalSectionOf,
  PER_ALERT_SYNONYMS,
  SCENARIO_LIST_SYNONYMS,
  SectionMatch,
} from './sections';
import type {
  ParsedRunbook,
  RunbookLink,
  RunbookProblem,
  RunbookSection,
} from './types';

/** A private instance: immune to extensions other code adds to the global `marked`. */
const markdownParser = new Marked({ gfm: true });

/** 1 MiB: far above any real runbook, well below what hurts the database. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** @public */
export interface ParseRunbookInput {
  /** Path of the file in its repository, e.g. `docs/runbooks/KubePodCrashLooping.md`. */
  path: string;
  /** The raw file: bytes (a `Buffer` is fine) or already-decoded text. */
  content: Uint8Array | string;
  /** Larger files are reported as `too-large` and not parsed. */
  maxBytes?: number;
}

/**
 * Parses one Markdown runbook. Pure and total: every problem with the input
 * is reported on `problems`, never thrown, and whatever can still be read is
 * returned.
 */
export function parseRunbook(input: ParseRunbookInput): ParsedRunbook {
  const { path, content } = input;
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_BYTES;

  const size = sizeOverLimit(content, maxBytes);
  if (size !== undefined) {
    return unreadable(path, {
      code: 'too-large',
      message: `Runbook is ${size} bytes, more than the ${maxBytes}-byte limit; it was not parsed`,
    });
  }
  const text = decode(content);
  if (text === undefined) {
    return unreadable(path, {
      code: 'binary',
      message:
        'Runbook is not UTF-8 text (NUL bytes or invalid UTF-8); it was not parsed',
    });
  }

  const problems: RunbookProblem[] = [];
  const split = splitFrontMatter(text);
  if (split.problem) {
    problems.push(split.problem);
  }
  const fm =
    split.yaml === undefined
      ? { frontMatter: {}, fields: {}, fieldLines: {}, problems: [] }
      : parseFrontMatter(split.yaml);
  problems.push(...fm.problems);

  const tokens = markdownParser.lexer(split.body);
  const sections = readSections(split.body, split.bodyLine, tokens);
  const links = readLinks(tokens);
  if (sections.length === 0) {
    problems.push({
      code: 'no-headings',
      message:
        'Runbook has no headings, so none of its required sections can be found',
    });
  }

  const matches = sections.map(section => canonicalSectionOf(section.heading));
  const hasScenarioList = sections.some(
    (section, i) =>
      matches[i] !== undefined &&
      SCENARIO_LIST_SYNONYMS.has(matches[i]!.synonym) &&
      sections[i + 1]?.level > section.level,
  );
  const hasPerAlertHeadings = matches.some(
    match => match !== undefined && PER_ALERT_SYNONYMS.has(match.synonym),
  );
  const firstH1 = sections.find(section => section.level === 1)?.heading;

  let alerts = fm.fields.alerts ?? [];
  if (alerts.length === 0) {
    alerts = inferAlert(path, firstH1, hasPerAlertHeadings);
  }
  alerts = dedupeAlerts(alerts, fm.fieldLines.alerts, problems);

  const requiredSections = requiredSectionsOf(sections, matches);
  // A list of scenarios under "Failure scenarios" makes a per-service
  // runbook; otherwise the per-alert headings or a single alert make a
  // per-alert one. Several alerts without those headings: per-service.
  let shape: ParsedRunbook['shape'] = 'per-service';
  if (!hasScenarioList && (alerts.length === 1 || hasPerAlertHeadings)) {
    shape = 'per-alert';
  }

  return {
    path,
    title: fm.fields.title ?? firstH1 ?? sections[0]?.heading ?? baseName(path),
    frontMatter: fm.frontMatter,
    alerts,
    severity: fm.fields.severity,
    owner: fm.fields.owner,
    service: fm.fields.service,
    lastReviewed: fm.fields.last_reviewed,
    sections,
    requiredSections,
    missingSections: CANONICAL_SECTIONS.filter(c => !requiredSections[c]),
    shape,
    links,
    problems,
  };
}

/**
 * The alert a file without an `alerts` key documents: its file name
 * (`KubePodCrashLooping.md`) or else its title (`# KubePodCrashLooping`),
 * when either reads as an alert name. A capitalised file name alone
 * (`OrderService.md`) is not enough: the file must also use the per-alert
 * headings or have the file name as its title.
 */
function inferAlert(
  path: string,
  firstH1: string | undefined,
  hasPerAlertHeadings: boolean,
): string[] {
  const fromPath = alertNameFromPath(path);
  if (fromPath && (hasPerAlertHeadings || firstH1 === fromPath)) {
    return [fromPath];
  }
  if (firstH1 && hasPerAlertHeadings && isAlertLikeName(firstH1)) {
    return [firstH1];
  }
  return [];
}

function dedupeAlerts(
  alerts: string[],
  line: number | undefined,
  problems: RunbookProblem[],
) {
  const seen = new Map<string, string>();
  for (const alert of alerts) {
    const key = normaliseAlertName(alert);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, alert);
    } else {
      problems.push({
        code: 'duplicate-alert',
        message:
          first === alert
            ? `Alert "${alert}" is listed more than once`
            : `Alerts "${first}" and "${alert}" differ only in case; alert names are matched case-insensitively`,
        line,
      });
    }
  }
  return Array.from(seen.values());
}

/**
 * A required section is present when a heading matches it and has content:
 * its own text or sub-sections. An empty `## Escalation` placeholder does not
 * count. Impact alone does not count as failure scenarios (see
 * `SECTION_SYNONYMS`).
 */
function requiredSectionsOf(
  sections: RunbookSection[],
  matches: Array<SectionMatch | undefined>,
): Record<CanonicalSection, boolean> {
  const present = Object.fromEntries(
    CANONICAL_SECTIONS.map(c => [c, false]),
  ) as Record<CanonicalSection, boolean>;
  sections.forEach((section, i) => {
    const match = matches[i];
    if (!match || match.kind !== 'primary') {
      return;
    }
    const hasContent =
      section.markdown.trim() !== '' ||
      (sections[i + 1] !== undefined && sections[i + 1].level > section.level);
    if (hasContent) {
      present[match.canonical] = true;
    }
  });
  return present;
}

interface HeadingAt {
  token: Tokens.Heading;
  offset: number;
}

/**
 * Top-level headings (not those inside lists or quotes) with their bodies.
 * marked drops link reference definitions from its token stream, so token
 * offsets are found by searching for each token's source text in order.
 */
function readSections(
  body: string,
  bodyLine: number,
  tokens: Token[],
): RunbookSection[] {
  const headings: HeadingAt[] = [];
  let cursor = 0;
  for (const token of tokens) {
    const offset = token.raw ? body.indexOf(token.raw, cursor) : -1;
    if (offset >= 0) {
      cursor = offset + token.raw.length;
    }
    if (token.type === 'heading' && offset >= 0) {
      headings.push({ token: token as Tokens.Heading, offset });
    }
  }

  let line = bodyLine;
  let counted = 0;
  return headings.map(({ token, offset }, i) => {
    line += countNewlines(body, counted, offset);
    counted = offset;
    const end = headings[i + 1]?.offset ?? body.length;
    const markdown = body
      .slice(offset + token.raw.length, end)
      .replace(/^\s*\n/, '')
      .trimEnd();
    const heading = inlineText(token.tokens ?? []).trim() || token.text.trim();
    const match = canonicalSectionOf(heading);
    return {
      heading,
      level: token.depth,
      ...(match ? { canonical: match.canonical } : {}),
      markdown,
      line,
    };
  });
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; ) {
    count++;
    i = text.indexOf('\n', i + 1);
  }
  return count;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: ' ',
};

function inlineText(tokens: Token[]): string {
  return tokens
    .map(token => {
      switch (token.type) {
        case 'link':
          // Permalink anchors some generators append: "Meaning [#](#meaning)".
          if (linkKind(token.href) === 'anchor' && !/\w/.test(token.text)) {
            return '';
          }
          return inlineText(token.tokens ?? []);
        case 'image':
        case 'html':
          return '';
        case 'text':
        case 'codespan':
        case 'escape':
          return 'tokens' in token && token.tokens
            ? inlineText(token.tokens)
            : token.text.replace(
                /&(amp|lt|gt|quot|#39|nbsp);/g,
                (_: string, name: string) => ENTITIES[name],
              );
        default:
          return 'tokens' in token && token.tokens
            ? inlineText(token.tokens)
            : '';
      }
    })
    .join('');
}

const HTML_LINK =
  /<(img|a)\b[^>]{0,2000}?\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/**
 * Every link and image: Markdown (inline, reference, autolink) and HTML
 * `<a>` / `<img>`. marked's own `walkTokens` collects callback results with
 * `concat`, which is quadratic in the token count; this walk is linear.
 */
function readLinks(tokens: Token[]): RunbookLink[] {
  const links: RunbookLink[] = [];
  const add = (href: string, isImage: boolean) =>
    links.push({ href, kind: linkKind(href), isImage });
  const visit = (list: Token[]) => {
    for (const token of list) {
      if (token.type === 'link') {
        add(token.href, false);
      } else if (token.type === 'image') {
        add(token.href, true);
      } else if (token.type === 'html') {
        for (const m of token.raw.matchAll(HTML_LINK)) {
          add(m[2] ?? m[3] ?? m[4], m[1].toLowerCase() === 'img');
        }
      }
      visit(childTokens(token));
    }
  };
  visit(tokens);
  return links;
}

/** Nested tokens: inline content, list items, table cells. */
function childTokens(token: Token): Token[] {
  switch (token.type) {
    case 'list':
      return (token as Tokens.List).items;
    case 'table': {
      const table = token as Tokens.Table;
      return [...table.header, ...table.rows.flat()].flatMap(
        cell => cell.tokens,
      );
    }
    default:
      return 'tokens' in token && Array.isArray(token.tokens)
        ? token.tokens
        : [];
  }
}

/** The size in UTF-8 bytes when it exceeds `limit`, else undefined. */
function sizeOverLimit(
  content: Uint8Array | string,
  limit: number,
): number | undefined {
  let size: number;
  if (typeof content !== 'string') {
    size = content.byteLength;
  } else if (content.length * 3 <= limit) {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: no need to encode.
    return undefined;
  } else {
    size = new TextEncoder().encode(content).byteLength;
  }
  return size > limit ? size : undefined;
}

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-8 text with `\n` line ends and no BOM, or undefined for binary data. */
function decode(content: Uint8Array | string): string | undefined {
  let text: string;
  if (typeof content === 'string') {
    if (content.includes('\u0000') || LONE_SURROGATE.test(content)) {
      return undefined;
    }
    text = content.replace(/^\uFEFF/, '');
  } else {
    if (content.includes(0)) {
      return undefined;
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      return undefined;
    }
  }
  return text.replace(/\r\n?/g, '\n');
}

function baseName(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.(?:md|markdown|mdx)$/i, '');
}

/**
 * What is known about a file that could not be read: only its path. A file
 * named like an alert still answers for that alert, so the alert page can
 * say "there is a runbook, but it is broken" rather than "no runbook".
 */
function unreadable(path: string, problem: RunbookProblem): ParsedRunbook {
  const alert = alertNameFromPath(path);
  return {
    path,
    title: baseName(path),
    frontMatter: {},
    alerts: alert ? [alert] : [],
    sections: [],
    requiredSections: {
      overview: false,
      failureScenarios: false,
      remediation: false,
      escalation: false,
      externalContacts: false,
    },
    missingSections: [...CANONICAL_SECTIONS],
    shape: alert ? 'per-alert' : 'per-service',
    links: [],
    problems: [problem],
  };
}
