import {
  linkKind,
  resolveRelativeLink,
  splitFrontMatter,
} from '@internal/plugin-runbooks-common';
import { Marked, Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** A private instance: immune to extensions other code adds to the global `marked`. */
const markdown = new Marked({ gfm: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    'img',
    'del',
    'details',
    'summary',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    input: ['type', 'checked', 'disabled'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowedClasses: { code: [/^language-[\w-]+$/] },
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:/i.test(attribs.href ?? '');
      return {
        tagName,
        attribs: external
          ? { ...attribs, rel: 'noopener noreferrer', target: '_blank' }
          : attribs,
      };
    },
    // Task lists only: any other input is dropped by the filter below.
    input: (tagName, attribs) => ({
      tagName,
      attribs: { type: 'checkbox', disabled: '', ...pick(attribs, 'checked') },
    }),
  },
  exclusiveFilter: frame =>
    frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};

function pick(attribs: Record<string, string>, key: string) {
  return key in attribs ? { [key]: attribs[key] } : {};
}

/** GitHub-style heading anchor: lower-case, punctuation dropped, spaces to dashes. */
export function headingSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export type RenderRunbookOptions = {
  /** The runbook's path in its repository. */
  path: string;
  /**
   * `https://github.com/o/r/blob/<ref>/`: relative links become pages
   * under it and relative images raw files under it.
   */
  blobBase?: string;
};

/**
 * A runbook's Markdown (front-matter cut off) as HTML that is safe to put
 * into the portal: no scripts, event handlers, `javascript:` or `data:`
 * URLs, styles or frames from a repository. Relative links and images point
 * at the repository; headings get anchors.
 */
export function renderRunbook(
  text: string,
  options: RenderRunbookOptions,
): string {
  const { body } = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
  const tokens = markdown.lexer(body);
  markdown.walkTokens(tokens, token => {
    if (token.type !== 'link' && token.type !== 'image') return;
    const link = token as Tokens.Link | Tokens.Image;
    if (!options.blobBase || linkKind(link.href) !== 'relative') return;
    const target = resolveRelativeLink(options.path, link.href);
    if (target === undefined) return;
    const fragment = /#.*$/.exec(link.href)?.[0] ?? '';
    link.href =
      token.type === 'image'
        ? `${options.blobBase}${encodeURI(target)}?raw=true`
        : `${options.blobBase}${encodeURI(target)}${fragment}`;
  });
  const slugs = new Map<string, number>();
  const html = markdown
    .parser(tokens)
    .replace(/<h([1-6])>([\s\S]*?)<\/h\1>/g, (_, depth, inner) => {
      const base = headingSlug(inner) || 'section';
      const seen = slugs.get(base) ?? 0;
      slugs.set(base, seen + 1);
      return `<h${depth} id="${
        seen ? `${base}-${seen}` : base
      }">${inner}</h${depth}>`;
    });
  return sanitizeHtml(html, SANITIZE);
}

/** Rendered HTML as plain text (for search and snippets): every tag dropped, entities decoded. */
export function plainText(html: string): string {
  return sanitizeHtml(
    html.replace(/<\/(p|h[1-6]|li|tr|pre|blockquote)>/g, '$&\n'),
    {
      allowedTags: [],
      allowedAttributes: {},
    },
  )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
