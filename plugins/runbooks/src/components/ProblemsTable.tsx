import { Link, Table, TableColumn } from '@backstage/core-components';
import { RunbookSourceProblem } from '@internal/plugin-runbooks-common';
import { EntityName } from './EntityName';
import { isHttpUrl, NO_VALUE, problemCodeLabel, shortRepo } from './formatting';
import { RunbookPaths, useRunbookPaths } from './useRunbookPaths';

type ProblemRow = RunbookSourceProblem & { id: string };

const serviceColumn: TableColumn<ProblemRow> = {
  title: 'Service',
  field: 'entityRef',
  render: row => <EntityName entityRef={row.entityRef} />,
};

const repoColumn: TableColumn<ProblemRow> = {
  title: 'Repository',
  field: 'repo',
  render: row =>
    isHttpUrl(row.repo) ? (
      <Link to={row.repo}>{shortRepo(row.repo)}</Link>
    ) : (
      row.repo
    ),
};

const detailColumns = (paths: RunbookPaths): TableColumn<ProblemRow>[] => [
  {
    title: 'Path',
    field: 'path',
    render: row => {
      if (!row.path) return 'the whole source';
      return row.runbookId ? (
        <Link to={paths.runbook(row.runbookId)}>
          <code>{row.path}</code>
        </Link>
      ) : (
        <code>{row.path}</code>
      );
    },
  },
  {
    title: 'Problem',
    field: 'code',
    render: row => problemCodeLabel(row.code),
  },
  { title: 'Message', field: 'message', width: '40%' },
  {
    title: 'Line',
    field: 'line',
    type: 'numeric',
    render: row => row.line ?? NO_VALUE,
  },
];

/**
 * Problems with runbook files or sources, with where they are. The service
 * and repository columns are left out where the page already names them.
 */
export function ProblemsTable(props: {
  problems: RunbookSourceProblem[];
  title?: string;
  showService?: boolean;
  showRepo?: boolean;
}) {
  const { problems, showService = true, showRepo = true } = props;
  const paths = useRunbookPaths();
  const columns = [
    ...(showService ? [serviceColumn] : []),
    ...(showRepo ? [repoColumn] : []),
    ...detailColumns(paths),
  ];
  const rows: ProblemRow[] = problems.map((problem, index) => ({
    ...problem,
    id: String(index),
  }));
  return (
    <Table<ProblemRow>
      title={props.title ?? `Problems (${problems.length})`}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        padding: 'dense',
        search: rows.length > 5,
      }}
      columns={columns}
      data={rows}
    />
  );
}
