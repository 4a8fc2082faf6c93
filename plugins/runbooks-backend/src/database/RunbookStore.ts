import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  IndexRun,
  normaliseAlertName,
  RunbookCommit,
  RunbookFacets,
  RunbookProblem,
  RunbookSearchHit,
  RunbookSection,
  RunbookSourceProblem,
  RunbookSourceStatus,
  RunbookSummary,
  SnippetPart,
} from '@internal/plugin-runbooks-common';
import { Knex } from 'knex';

/** One runbook file as the indexer stores it. */
export type RunbookInput = {
  path: string;
  url: string;
  title: string;
  alerts: string[];
  severity?: string;
  owner?: string;
  system?: string;
  shape: 'per-alert' | 'per-service';
  lastReviewed?: string;
  commit?: RunbookCommit;
  contentHash: string;
  html: string;
  sections: RunbookSection[];
  missingSections: string[];
  problems: RunbookProblem[];
  /** Plain text of the body, for search and snippets. */
  bodyText: string;
  /** Heading texts, weighted above the body. */
  headings: string;
};

/** What a source last stored for a file: lets a re-read skip the commit lookup of an unchanged file. */
export type StoredFileVersion = { contentHash: string; commit?: RunbookCommit };

export type SourceInput = { entityRef: string; location: string; repo: string };

export type RunbookFilters = {
  owner?: string;
  system?: string;
  severity?: string;
};

/** A runbook for global search (the collator). */
export type RunbookDocument = {
  id: string;
  entityRef: string;
  title: string;
  text: string;
  alerts: string[];
  owner?: string;
  system?: string;
  severity?: string;
};

/** tsvector input limit is 1 MB; a runbook's body past this is not searched. */
const MAX_SEARCH_TEXT = 256 * 1024;
/** Alert names and title (A) and headings (B): the part of a runbook every match is ordered by. */
const HEAD_VECTOR = `setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B')`;
/** Matches ranked by their full text (the rest by alert names, title and headings only). */
const RANKED = 50;
/** Snippets are cut from this many characters of the body, starting a little before the first match. */
const SNIPPET_WINDOW = 800;
const SNIPPET_LEAD = 150;
/** Marks ts_headline puts around matches; control characters never in text. */
const START_SEL = '\u0002';
const STOP_SEL = '\u0003';

const SUMMARY_COLUMNS = [
  'r.id',
  'r.entity_ref',
  'r.path',
  'r.url',
  'r.title',
  'r.alerts',
  'r.severity',
  'r.owner',
  'r.system',
  'r.shape',
  'r.last_reviewed',
  'r.commit_sha',
  'r.commit_date',
  'r.commit_url',
  'r.missing_sections',
  'r.problems',
];

type SummaryRow = {
  id: string | number;
  entity_ref: string;
  path: string;
  url: string;
  title: string;
  alerts: string[];
  severity: string | null;
  owner: string | null;
  system: string | null;
  shape: 'per-alert' | 'per-service';
  last_reviewed: Date | string | null;
  commit_sha: string | null;
  commit_date: Date | string | null;
  commit_url: string | null;
  missing_sections: string[];
  problems: RunbookProblem[];
};

const iso = (value: Date | string) =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** A `date` column as `YYYY-MM-DD`, whatever the driver made of it. */
function day(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  // node-postgres parses `date` as local midnight.
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(
    value.getDate(),
  )}`;
}

function commitOf(
  row: Pick<SummaryRow, 'commit_sha' | 'commit_date' | 'commit_url'>,
): RunbookCommit | undefined {
  return row.commit_sha && row.commit_date
    ? {
        sha: row.commit_sha,
        date: iso(row.commit_date),
        url: row.commit_url ?? undefined,
      }
    : undefined;
}

type SourceRow = {
  entity_ref: string;
  location: string;
  etag: string | null;
  last_read_at: Date | null;
  last_error: string | null;
};

function toSourceStatus(row: SourceRow): RunbookSourceStatus {
  return {
    entityRef: row.entity_ref,
    location: row.location,
    commitSha: row.etag ?? undefined,
    lastReadAt: row.last_read_at ? iso(row.last_read_at) : undefined,
    lastError: row.last_error ?? undefined,
  };
}

function toSummary(row: SummaryRow): RunbookSummary {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    path: row.path,
    url: row.url,
    title: row.title,
    alerts: row.alerts,
    severity: row.severity ?? undefined,
    owner: row.owner ?? undefined,
    system: row.system ?? undefined,
    shape: row.shape,
    lastReviewed: row.last_reviewed ? day(row.last_reviewed) : undefined,
    commit: commitOf(row),
    missingSections: row.missing_sections as RunbookSummary['missingSections'],
    problemCount: row.problems.length,
  };
}

/** `a\u0002b\u0003c` → parts with the marked runs highlighted. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [index, piece] of headline.split(START_SEL).entries()) {
    if (index === 0) {
      if (piece) parts.push({ text: piece, highlight: false });
      continue;
    }
    const [marked, ...rest] = piece.split(STOP_SEL);
    if (marked) parts.push({ text: marked, highlight: true });
    const after = rest.join('');
    if (after) parts.push({ text: after, highlight: false });
  }
  return parts;
}

/**
 * A case-insensitive POSIX pattern finding the first place a query word
 * (or its first six letters, to meet stemmed forms: "looping" → "loopin")
 * occurs in the body, so the snippet is cut from there.
 */
export function snippetWindowPattern(q: string): string {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(word => word.length >= 3 && !['and', 'or', 'not'].includes(word))
    .map(word => word.slice(0, 6).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return words.length ? `(${words.join('|')})` : '^';
}

/** Words that search finds an alert name by: `KubePodCrashLooping` also as `Kube Pod Crash Looping`. */
export function alertSearchText(alerts: string[]): string {
  return alerts
    .map(
      alert =>
        `${alert} ${alert
          .replace(/([a-z\d])([A-Z])/g, '$1 $2')
          .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
          .replace(/[_.:-]+/g, ' ')}`,
    )
    .join(' ');
}

/** The only place with runbooks SQL. */
export class RunbookStore {
  static async create(database: DatabaseService): Promise<RunbookStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-runbooks-backend',
          'migrations',
        ),
      });
    }
    return new RunbookStore(client);
  }

  constructor(private readonly db: Knex) {}

  /** Each Component's source, keyed by entity ref. */
  async sources(): Promise<
    Map<string, RunbookSourceStatus & { etag?: string }>
  > {
    const rows = await this.db('runbook_sources').select();
    return new Map(
      rows.map(row => [
        row.entity_ref,
        { ...toSourceStatus(row), etag: row.etag ?? undefined },
      ]),
    );
  }

  async source(entityRef: string): Promise<RunbookSourceStatus | undefined> {
    const row = await this.db('runbook_sources')
      .where({ entity_ref: entityRef })
      .first();
    return row ? toSourceStatus(row) : undefined;
  }

  /** The files a Component's source stored last time, by path. */
  async storedVersions(
    entityRef: string,
  ): Promise<Map<string, StoredFileVersion>> {
    const rows = await this.db('runbooks')
      .where({ entity_ref: entityRef })
      .select(
        'path',
        'content_hash',
        'commit_sha',
        'commit_date',
        'commit_url',
      );
    return new Map(
      rows.map(row => [
        row.path,
        {
          contentHash: row.content_hash,
          commit: commitOf(row),
        },
      ]),
    );
  }

  /**
   * Replaces a Component's runbooks with what its source holds now, in one
   * transaction: files gone from the source are deleted, the rest upserted.
   */
  async replaceRunbooks(
    source: SourceInput & { etag: string },
    files: RunbookInput[],
  ): Promise<void> {
    const now = new Date();
    await this.db.transaction(async tx => {
      await tx('runbook_sources')
        .insert({
          entity_ref: source.entityRef,
          location: source.location,
          repo: source.repo,
          etag: source.etag,
          last_read_at: now,
          last_error: null,
          last_error_at: null,
        })
        .onConflict('entity_ref')
        .merge();
      const paths = files.map(file => file.path);
      await tx('runbooks')
        .where({ entity_ref: source.entityRef })
        .whereNotIn('path', paths)
        .delete();
      if (files.length === 0) return;
      const ids: { id: string; path: string }[] = [];
      // Several hundred rows per statement: well under PostgreSQL's bind limit.
      for (let i = 0; i < files.length; i += 200) {
        const chunk = files.slice(i, i + 200);
        const inserted = await tx('runbooks')
          .insert(chunk.map(file => this.row(tx, source.entityRef, file, now)))
          .onConflict(['entity_ref', 'path'])
          .merge()
          .returning(['id', 'path']);
        ids.push(...inserted);
      }
      const idByPath = new Map(ids.map(row => [row.path, row.id]));
      await tx('runbook_alerts')
        .whereIn(
          'runbook_id',
          ids.map(row => row.id),
        )
        .delete();
      const alertRows = files.flatMap(file => {
        const seen = new Set<string>();
        return file.alerts.flatMap(alert => {
          const key = normaliseAlertName(alert);
          if (seen.has(key)) return [];
          seen.add(key);
          return [
            {
              alert_key: key,
              alert,
              runbook_id: idByPath.get(file.path),
              entity_ref: source.entityRef,
            },
          ];
        });
      });
      for (let i = 0; i < alertRows.length; i += 1000) {
        await tx('runbook_alerts').insert(alertRows.slice(i, i + 1000));
      }
    });
  }

  private row(tx: Knex, entityRef: string, file: RunbookInput, now: Date) {
    const head = [
      alertSearchText(file.alerts),
      file.title,
      file.headings.slice(0, MAX_SEARCH_TEXT),
    ];
    return {
      entity_ref: entityRef,
      path: file.path,
      url: file.url,
      title: file.title,
      alerts: file.alerts,
      severity: file.severity ?? null,
      owner: file.owner ?? null,
      system: file.system ?? null,
      shape: file.shape,
      last_reviewed: file.lastReviewed ?? null,
      commit_sha: file.commit?.sha ?? null,
      commit_date: file.commit?.date ?? null,
      commit_url: file.commit?.url ?? null,
      content_hash: file.contentHash,
      html: file.html,
      sections: JSON.stringify(file.sections),
      missing_sections: file.missingSections,
      problems: JSON.stringify(file.problems),
      body_text: file.bodyText,
      search: tx.raw(
        `${HEAD_VECTOR} || setweight(to_tsvector('english', ?), 'D')`,
        [...head, file.bodyText.slice(0, MAX_SEARCH_TEXT)],
      ),
      search_head: tx.raw(HEAD_VECTOR, head),
      updated_at: now,
    };
  }

  /** The source's commit has not moved: only note that it was read. */
  async markUnchanged(source: SourceInput): Promise<void> {
    await this.db('runbook_sources')
      .insert({
        entity_ref: source.entityRef,
        location: source.location,
        repo: source.repo,
        last_read_at: new Date(),
        last_error: null,
        last_error_at: null,
      })
      .onConflict('entity_ref')
      .merge([
        'location',
        'repo',
        'last_read_at',
        'last_error',
        'last_error_at',
      ]);
  }

  /** A read failed: note why; the runbooks stored before stay. */
  async markFailed(source: SourceInput, message: string): Promise<void> {
    await this.db('runbook_sources')
      .insert({
        entity_ref: source.entityRef,
        location: source.location,
        repo: source.repo,
        last_error: message,
        last_error_at: new Date(),
      })
      .onConflict('entity_ref')
      .merge(['location', 'repo', 'last_error', 'last_error_at']);
  }

  /** Forgets Components the catalog no longer has (not a failed read: they are gone). */
  async retainEntities(entityRefs: string[]): Promise<number> {
    return this.db.transaction(async tx => {
      const deleted = await tx('runbooks')
        .whereNotIn('entity_ref', entityRefs)
        .delete();
      await tx('runbook_sources').whereNotIn('entity_ref', entityRefs).delete();
      return deleted;
    });
  }

  async summaries(entityRefs?: string[]): Promise<RunbookSummary[]> {
    const query = this.db('runbooks as r')
      .select(SUMMARY_COLUMNS)
      .orderBy([{ column: 'r.entity_ref' }, { column: 'r.path' }]);
    if (entityRefs) query.whereIn('r.entity_ref', entityRefs);
    return (await query).map(toSummary);
  }

  async runbook(id: string): Promise<
    | (RunbookSummary & {
        html: string;
        sections: RunbookSection[];
        problems: RunbookProblem[];
      })
    | undefined
  > {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const row = await this.db('runbooks as r')
      .select([...SUMMARY_COLUMNS, 'r.html', 'r.sections'])
      .where('r.id', id)
      .first();
    if (!row) return undefined;
    return {
      ...toSummary(row),
      html: row.html,
      sections: row.sections,
      problems: row.problems,
    };
  }

  /** The sections of a Component's runbooks (for the on-call page's escalation path). */
  async sectionsOf(
    entityRef: string,
  ): Promise<{ id: string; sections: RunbookSection[] }[]> {
    const rows = await this.db('runbooks')
      .where({ entity_ref: entityRef })
      .select('id', 'sections')
      .orderBy('path');
    return rows.map(row => ({ id: String(row.id), sections: row.sections }));
  }

  /** The runbooks that name this alert (case-insensitive, exact). */
  async byAlert(alert: string): Promise<RunbookSummary[]> {
    const rows = await this.db('runbook_alerts as a')
      .join('runbooks as r', 'r.id', 'a.runbook_id')
      .where('a.alert_key', normaliseAlertName(alert))
      .select(SUMMARY_COLUMNS)
      .orderBy([{ column: 'r.entity_ref' }, { column: 'r.path' }]);
    return rows.map(toSummary);
  }

  /** Every alert name a runbook declares, with its runbooks' ids. */
  async alertIndex(): Promise<Map<string, { alert: string; ids: string[] }>> {
    const rows = await this.db('runbook_alerts').select(
      'alert_key',
      'alert',
      'runbook_id',
    );
    const index = new Map<string, { alert: string; ids: string[] }>();
    for (const row of rows) {
      const entry = index.get(row.alert_key) ?? {
        alert: row.alert as string,
        ids: [] as string[],
      };
      entry.ids.push(String(row.runbook_id));
      index.set(row.alert_key, entry);
    }
    return index;
  }

  /**
   * Full-text search: `websearch_to_tsquery` syntax ("quoted phrases", `-not`,
   * `or`), weighted (alert names and title above headings above body); a
   * runbook that has the query as one of its alert names comes first.
   *
   * Cheap first, dear last: matches come from the GIN index (and the alert
   * table), are ordered by the small head vector (alerts, title, headings),
   * and only the best `RANKED` get the full-text rank that reads their large
   * body vector; snippets are cut from a window around the first match.
   */
  async search(
    q: string,
    filters: RunbookFilters,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; results: RunbookSearchHit[] }> {
    const alertKey = normaliseAlertName(q);
    const ranked = Math.max(RANKED, page.offset + page.limit);
    const conditions: string[] = [];
    const filterBindings: string[] = [];
    if (filters.owner) {
      conditions.push('r.owner = ?');
      filterBindings.push(filters.owner);
    }
    if (filters.system) {
      conditions.push('r.system = ?');
      filterBindings.push(filters.system);
    }
    if (filters.severity) {
      conditions.push('lower(r.severity) = lower(?)');
      filterBindings.push(filters.severity);
    }
    const window = snippetWindowPattern(q);
    const { rows } = await this.db.raw(
      `with q as (select websearch_to_tsquery('english', ?) as query),
      matched as (
        select r.id, r.title, false as exact,
          ts_rank_cd(r.search_head, q.query) as head_rank
        from runbooks r, q
        where r.search @@ q.query ${conditions.map(c => `and ${c}`).join(' ')}
        union all
        select r.id, r.title, true as exact,
          ts_rank_cd(r.search_head, q.query) as head_rank
        from runbook_alerts a join runbooks r on r.id = a.runbook_id, q
        where a.alert_key = ? ${conditions.map(c => `and ${c}`).join(' ')}
      ),
      scored as (
        select id, title, bool_or(exact) as exact, max(head_rank) as head_rank,
          count(*) over () as total
        from matched
        group by id, title
        order by exact desc, head_rank desc, title, id
        limit ?
      ),
      page as (
        select s.id, s.exact, s.total,
          s.head_rank + ts_rank_cd(r.search, q.query) as rank
        from scored s join runbooks r on r.id = s.id, q
        order by s.exact desc, rank desc, s.title, s.id
        limit ? offset ?
      )
      select ${SUMMARY_COLUMNS.join(', ')}, p.exact, p.total, p.rank,
        w.snippet_start,
        ts_headline('english', substr(r.body_text, w.snippet_start, ?), q.query, ?) as headline
      from page p join runbooks r on r.id = p.id
      cross join q
      cross join lateral (
        select greatest(1, coalesce(nullif(
          regexp_instr(r.body_text, ?, 1, 1, 0, 'i'), 0), 1) - ?) as snippet_start
      ) w
      order by p.exact desc, p.rank desc, r.title, r.id`,
      [
        q,
        ...filterBindings,
        alertKey,
        ...filterBindings,
        ranked,
        page.limit,
        page.offset,
        SNIPPET_WINDOW,
        `StartSel=${START_SEL}, StopSel=${STOP_SEL}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`,
        window,
        SNIPPET_LEAD,
      ],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      results: rows.map((row: any) => {
        const parts = snippetParts(row.headline ?? '');
        if (Number(row.snippet_start) > 1 && parts.length) {
          parts.unshift({ text: '… ', highlight: false });
        }
        return {
          ...toSummary(row),
          exactAlertMatch: row.exact,
          rank: Number(row.rank),
          snippet: parts,
        };
      }),
    };
  }

  /**
   * Problems with their place: each file's own, plus alert names declared
   * by more than one Component, plus sources that could not be read.
   */
  async problems(entityRef?: string): Promise<RunbookSourceProblem[]> {
    const files = this.db('runbooks as r')
      .join('runbook_sources as s', 's.entity_ref', 'r.entity_ref')
      .select('r.id', 'r.entity_ref', 's.repo', 'r.path', 'r.problems')
      .whereRaw(`jsonb_array_length(r.problems) > 0`)
      .orderBy(['r.entity_ref', 'r.path']);
    if (entityRef) files.where('r.entity_ref', entityRef);
    // Per row through the (alert_key, runbook_id) key: no scan of every alert.
    const duplicates = this.db('runbook_alerts as a')
      .join('runbooks as r', 'r.id', 'a.runbook_id')
      .join('runbook_sources as s', 's.entity_ref', 'r.entity_ref')
      .select(
        'r.id',
        'r.entity_ref',
        's.repo',
        'r.path',
        'a.alert',
        this.db.raw(
          `(select array_agg(distinct o.entity_ref order by o.entity_ref) from runbook_alerts o where o.alert_key = a.alert_key and o.entity_ref <> a.entity_ref) as others`,
        ),
      )
      .whereExists(
        this.db('runbook_alerts as o')
          .select(this.db.raw('1'))
          .whereRaw('o.alert_key = a.alert_key')
          .whereRaw('o.entity_ref <> a.entity_ref'),
      )
      .orderBy(['r.entity_ref', 'r.path', 'a.alert']);
    if (entityRef) duplicates.where('a.entity_ref', entityRef);
    const failed = this.db('runbook_sources')
      .whereNotNull('last_error')
      .select('entity_ref', 'repo', 'location', 'last_error')
      .orderBy('entity_ref');
    if (entityRef) failed.where('entity_ref', entityRef);
    const [fileRows, duplicateRows, failedRows] = await Promise.all([
      files,
      duplicates,
      failed,
    ]);
    return [
      ...failedRows.map(row => ({
        entityRef: row.entity_ref,
        repo: row.repo,
        code: 'source-unreadable' as const,
        message: `Could not read ${row.location}: ${row.last_error}. The runbooks read before are still served.`,
      })),
      ...fileRows.flatMap(row =>
        (row.problems as RunbookProblem[]).map(problem => ({
          entityRef: row.entity_ref,
          repo: row.repo,
          path: row.path,
          runbookId: String(row.id),
          ...problem,
        })),
      ),
      ...duplicateRows.map(row => ({
        entityRef: row.entity_ref,
        repo: row.repo,
        path: row.path,
        runbookId: String(row.id),
        code: 'duplicate-alert' as const,
        message: `Alert ${row.alert} also has a runbook in ${(
          row.others as string[]
        ).join(', ')}; the alert page asks which service paged`,
      })),
    ];
  }

  /** The owners, systems and severities runbooks have, for the search filters. */
  async facets(): Promise<RunbookFacets> {
    const distinct = async (column: string) =>
      (
        await this.db('runbooks')
          .distinct(column)
          .whereNotNull(column)
          .orderBy(column)
      ).map(row => row[column] as string);
    const [owners, systems, severities] = await Promise.all([
      distinct('owner'),
      distinct('system'),
      this.db('runbooks')
        .select(this.db.raw('distinct lower(severity) as severity'))
        .whereNotNull('severity')
        .orderBy('severity')
        .then(rows => rows.map(row => row.severity as string)),
    ]);
    return { owners, systems, severities };
  }

  /** A page of runbooks for the search collator, in id order. */
  async documents(afterId: string, limit: number): Promise<RunbookDocument[]> {
    const rows = await this.db('runbooks')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .select(
        'id',
        'entity_ref',
        'title',
        'alerts',
        'owner',
        'system',
        'severity',
        this.db.raw('left(body_text, 8000) as text'),
      );
    return rows.map(row => ({
      id: String(row.id),
      entityRef: row.entity_ref,
      title: row.title,
      text: row.text,
      alerts: row.alerts,
      owner: row.owner ?? undefined,
      system: row.system ?? undefined,
      severity: row.severity ?? undefined,
    }));
  }

  async recordRun(run: Required<Omit<IndexRun, 'durationMs'>>): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('runbook_index_runs').insert({
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        sources_read: run.sourcesRead,
        sources_unchanged: run.sourcesUnchanged,
        sources_failed: run.sourcesFailed,
        runbooks: run.runbooks,
        problems: run.problems,
      });
      // Keep the last 100.
      await tx('runbook_index_runs')
        .whereNotIn(
          'id',
          tx('runbook_index_runs')
            .select('id')
            .orderBy('id', 'desc')
            .limit(100),
        )
        .delete();
    });
  }

  async lastRun(): Promise<IndexRun | undefined> {
    const row = await this.db('runbook_index_runs')
      .orderBy('id', 'desc')
      .first();
    if (!row) return undefined;
    const startedAt = iso(row.started_at);
    const finishedAt = iso(row.finished_at);
    return {
      startedAt,
      finishedAt,
      sourcesRead: row.sources_read,
      sourcesUnchanged: row.sources_unchanged,
      sourcesFailed: row.sources_failed,
      runbooks: row.runbooks,
      problems: row.problems,
      durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    };
  }

  async counts(): Promise<{ runbooks: number; problems: number }> {
    const row = await this.db('runbooks')
      .select(
        this.db.raw('count(*) as runbooks'),
        this.db.raw(
          'coalesce(sum(jsonb_array_length(problems)), 0) as problems',
        ),
      )
      .first();
    return { runbooks: Number(row.runbooks), problems: Number(row.problems) };
  }
}
