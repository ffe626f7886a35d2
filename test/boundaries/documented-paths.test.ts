import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../', import.meta.url));

/** The hand-written documents whose paths must hold (the generated configuration reference is checked elsewhere). */
const documents = [
  'README.md',
  'ARCHITECTURE.md',
  'docs/adding-a-provider.md',
  ...readdirSync(join(repository, 'docs/decisions')).filter((name) => name.endsWith('.md')).map((name) => `docs/decisions/${name}`),
];

/** Top-level folders and files a path in the documents may start with. */
const roots = /^(?:src|test|bench|config|data|docs|scripts|lint|bin|\.ci)(?:\/|$)|^(?:ARCHITECTURE\.md|README\.md|package\.json|eslint\.config\.js|tsconfig(?:\.\w+)?\.json|vitest\.config\.ts)$/;

interface NamedPath {
  line: number;
  path: string;
}

/**
 * The repository paths a Markdown text names in code spans (`src/server/app.ts`, `docs/`), leaving out placeholders
 * (`<name>`, `NAME`, `*`) and anything that does not start at a top-level folder or file of the repository.
 */
function namedPaths(text: string): NamedPath[] {
  const paths: NamedPath[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(/`([^`\s]+)`/g)) {
      const path = match[1]!.replace(/[.,:;]$/, '');
      if (!roots.test(path) || /[<>*]|NAME|\.\.\./.test(path)) continue;
      paths.push({ line: index + 1, path });
    }
  });
  return paths;
}

/** Every Markdown link target `[text](target)` with its line, anchors dropped. */
function linkTargets(text: string): NamedPath[] {
  const targets: NamedPath[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(/\]\(([^)\s]+)\)/g)) targets.push({ line: index + 1, path: match[1]!.split('#')[0]! });
  });
  return targets;
}

describe('paths named in the documentation', () => {
  it('recognises paths, links and placeholders', () => {
    const sample = 'See `src/server/app.ts`, `docs/`, `src/providers/<name>/x.ts`, `bench/NAME.ts` and `/v1/messages`.\n[a](docs/x.md#y) [b](https://example.com)';
    expect(namedPaths(sample)).toEqual([
      { line: 1, path: 'src/server/app.ts' },
      { line: 1, path: 'docs/' },
    ]);
    expect(linkTargets(sample)).toEqual([
      { line: 2, path: 'docs/x.md' },
      { line: 2, path: 'https://example.com' },
    ]);
  });

  it.each(documents)('%s names only paths that exist', (document) => {
    const missing = namedPaths(readFileSync(join(repository, document), 'utf8'))
      .filter(({ path }) => !existsSync(join(repository, path)))
      .map(({ line, path }) => `${document}:${line}: ${path}`);
    expect(missing, 'paths that do not exist: fix the document or the path').toEqual([]);
  });

  it.each(documents)('%s links only to files inside the repository that exist', (document) => {
    const folder = dirname(join(repository, document));
    const wrong = linkTargets(readFileSync(join(repository, document), 'utf8'))
      .filter(({ path }) => {
        if (path === '') return false; // an anchor in the same document
        if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return true; // a URL points outside the repository
        const target = resolve(folder, path);
        const inside = !relative(repository, target).startsWith(`..${sep}`);
        return !inside || !existsSync(target);
      })
      .map(({ line, path }) => `${document}:${line}: ${path}`);
    expect(wrong, 'links outside the repository or to missing files').toEqual([]);
  });

  it('ARCHITECTURE.md names the file of every pipeline stage', () => {
    const architecture = readFileSync(join(repository, 'ARCHITECTURE.md'), 'utf8');
    const stages = readdirSync(join(repository, 'src/server/stages')).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(stages.length).toBeGreaterThan(10);
    for (const stage of stages) expect(architecture, `src/server/stages/${stage}`).toContain(`\`src/server/stages/${stage}\``);
  });
});
