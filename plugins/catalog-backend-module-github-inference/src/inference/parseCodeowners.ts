/**
 * Reads a GitHub CODEOWNERS file far enough to answer "who owns the whole
 * repository": the owners of the last rule that matches every file (`*`,
 * `/*`, `**`, `/**` or `/`), as GitHub applies the last matching rule.
 */
export type CodeownersRule = { pattern: string; owners: string[] };

const WHOLE_REPOSITORY_PATTERNS = new Set(['*', '/*', '**', '/**', '/']);

export function parseCodeowners(text: string): CodeownersRule[] {
  return text
    .split(/\r?\n/)
    .map(line => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(line => line.length > 0)
    .map(line => {
      const [pattern, ...owners] = line.split(/\s+/);
      return { pattern, owners };
    });
}

/** The owners of the whole repository, as written (`@org/team`, `@user`, emails). */
export function repositoryOwners(rules: CodeownersRule[]): string[] {
  const wholeRepositoryRules = rules.filter(rule =>
    WHOLE_REPOSITORY_PATTERNS.has(rule.pattern),
  );
  return wholeRepositoryRules.at(-1)?.owners ?? [];
}

/**
 * Maps a CODEOWNERS owner to a catalog entity ref: `@org/team` → the team's
 * Group, `@user` → the User. Emails cannot be mapped without a directory and
 * teams of other organisations are not ours: both give undefined.
 */
export function ownerToEntityRef(
  owner: string,
  organization: string,
): string | undefined {
  const team = /^@([^/\s]+)\/([^/\s]+)$/.exec(owner);
  if (team) {
    return team[1].toLocaleLowerCase('en-US') ===
      organization.toLocaleLowerCase('en-US')
      ? `group:default/${team[2].toLocaleLowerCase('en-US')}`
      : undefined;
  }
  const user = /^@([A-Za-z0-9-]+)$/.exec(owner);
  return user ? `user:default/${user[1].toLocaleLowerCase('en-US')}` : undefined;
}
