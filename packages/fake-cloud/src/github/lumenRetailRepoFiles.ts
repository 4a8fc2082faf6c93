/**
 * The everyday files of a Lumen Retail repository — Dockerfile, CI workflow,
 * CODEOWNERS, deploy workflow — written for the repository's language. The
 * hand-written ones (runbooks, ...) are in lumenRetailRunbooks.ts.
 */

/** GitHub's language names, as the REST API reports them. */
export type RepoLanguage =
  | 'TypeScript'
  | 'Java'
  | 'Kotlin'
  | 'Go'
  | 'Python'
  | 'PHP';

const LANGUAGE_TAGS: Record<string, RepoLanguage> = {
  typescript: 'TypeScript',
  java: 'Java',
  kotlin: 'Kotlin',
  go: 'Go',
  python: 'Python',
};

/** The language of the first tag that names one, e.g. ['kotlin', 'spring-boot'] -> 'Kotlin'. */
export function languageFromTags(tags: string[]): RepoLanguage | null {
  const tag = tags.find(t => t in LANGUAGE_TAGS);
  return tag ? LANGUAGE_TAGS[tag] : null;
}

export function codeowners(org: string, team: string): string {
  return `# Default owners for everything in this repository.\n* @${org}/${team}\n`;
}

const DOCKERFILES: Record<RepoLanguage, (name: string) => string> = {
  TypeScript: () =>
    'FROM node:22-alpine AS build\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .\nRUN yarn build\n\n' +
    'FROM node:22-alpine\nWORKDIR /app\nENV NODE_ENV=production\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nEXPOSE 3000\nCMD ["node", "dist/index.js"]\n',
  Java: name =>
    'FROM eclipse-temurin:21-jdk AS build\nWORKDIR /src\nCOPY . .\nRUN ./gradlew --no-daemon bootJar\n\n' +
    `FROM eclipse-temurin:21-jre\nWORKDIR /app\nCOPY --from=build /src/build/libs/${name}.jar app.jar\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n`,
  Kotlin: name =>
    'FROM eclipse-temurin:21-jdk AS build\nWORKDIR /src\nCOPY . .\nRUN ./gradlew --no-daemon bootJar\n\n' +
    `FROM eclipse-temurin:21-jre\nWORKDIR /app\nCOPY --from=build /src/build/libs/${name}.jar app.jar\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n`,
  Go: name =>
    `FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/${name} ./cmd/${name}\n\n` +
    `FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/${name} /${name}\nEXPOSE 8080\nENTRYPOINT ["/${name}"]\n`,
  Python: name =>
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 8000\n' +
    `CMD ["uvicorn", "${name.replace(
      /-/g,
      '_',
    )}.main:app", "--host", "0.0.0.0", "--port", "8000"]\n`,
  PHP: () =>
    'FROM php:8.1-apache\nCOPY . /var/www/html/\nRUN docker-php-ext-install pdo_mysql\nEXPOSE 80\n',
};

export function dockerfile(language: RepoLanguage, name: string): string {
  return DOCKERFILES[language](name);
}

const BUILD_STEPS: Record<RepoLanguage, string[]> = {
  TypeScript: [
    '- uses: actions/setup-node@v4\n        with:\n          node-version: 22\n          cache: yarn',
    '- run: yarn install --frozen-lockfile',
    '- run: yarn lint',
    '- run: yarn test --ci',
    '- run: yarn build',
  ],
  Java: [
    '- uses: actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: 21\n          cache: gradle',
    '- run: ./gradlew --no-daemon check build',
  ],
  Kotlin: [
    '- uses: actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: 21\n          cache: gradle',
    '- run: ./gradlew --no-daemon ktlintCheck check build',
  ],
  Go: [
    '- uses: actions/setup-go@v5\n        with:\n          go-version: "1.23"',
    '- run: go vet ./...',
    '- run: go test -race ./...',
  ],
  Python: [
    '- uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n          cache: pip',
    '- run: pip install -r requirements.txt -r requirements-dev.txt',
    '- run: ruff check .',
    '- run: pytest',
  ],
  PHP: [
    '- uses: shivammathur/setup-php@v2\n        with:\n          php-version: "8.1"',
    '- run: composer install --no-progress',
    '- run: vendor/bin/phpunit',
  ],
};

export function ciWorkflow(language: RepoLanguage): string {
  const steps = ['- uses: actions/checkout@v4', ...BUILD_STEPS[language]];
  return [
    'name: CI',
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...steps.map(step => `      ${step}`),
    '',
  ].join('\n');
}

/** A GitHub Actions workflow that deploys through staging to production, on demand or on every push to main. */
export function deployWorkflow(
  name: string,
  trigger: 'push' | 'dispatch',
): string {
  const on =
    trigger === 'push'
      ? ['  push:', '    branches: [main]']
      : ['  workflow_dispatch:'];
  const job = (environment: string, needs?: string) => [
    `  ${environment}:`,
    '    runs-on: ubuntu-latest',
    ...(needs ? [`    needs: ${needs}`] : []),
    `    environment: ${environment}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - run: ./scripts/deploy.sh ${name} ${environment} \${{ github.sha }}`,
  ];
  return [
    'name: Deploy',
    '',
    'on:',
    ...on,
    '',
    'concurrency: deploy',
    '',
    'jobs:',
    ...job('staging'),
    ...job('production', 'staging'),
    '',
  ].join('\n');
}
