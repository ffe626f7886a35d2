// `npm run cycles [-- FOLDER]`: lists import cycles among the TypeScript files under FOLDER (default src), type-only
// imports included (as `madge --circular --extensions ts` counts them), each marked. Exits 1 when there is a cycle.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import from a file to another file of the folder. */
interface ImportEdge {
  target: string;
  /** `import type` / `export type`, or every imported name type-only: erased at run time. */
  typeOnly: boolean;
}

/** The project-local imports of one file (specifiers that start with `.`), with their kind. */
function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
    edges.push({ target: resolve(dirname(file), specifier.text), typeOnly });
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypeOnly =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      add(statement.moduleSpecifier, clause?.isTypeOnly === true || allNamedTypeOnly);
    } else if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      const allNamedTypeOnly = clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
      add(statement.moduleSpecifier, statement.isTypeOnly || allNamedTypeOnly);
    }
  }
  return edges;
}

/** Every `.ts` file under `folder` (tests included, as madge sees them). */
function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A cycle: the files in import order (the last imports the first), and whether each import is type-only. */
export interface ImportCycle {
  files: string[];
  typeOnly: boolean[];
}

/**
 * The import cycles a depth-first walk meets (the way madge reports them): each a path back to where it started,
 * reported once whatever file it is entered from.
 */
export function findImportCycles(folder: string): ImportCycle[] {
  const files = typeScriptFiles(folder);
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((edge) => known.has(edge.target))]));
  const cycles: ImportCycle[] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const stackTypeOnly: boolean[] = [];
  const onStack = new Map<string, number>();

  function visit(file: string): void {
    onStack.set(file, stack.length);
    stack.push(file);
    for (const edge of graph.get(file) ?? []) {
      const at = onStack.get(edge.target);
      if (at !== undefined) {
        const cycle = { files: stack.slice(at), typeOnly: [...stackTypeOnly.slice(at), edge.typeOnly] };
        const key = canonical(cycle.files);
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!done.has(edge.target)) {
        stackTypeOnly.push(edge.typeOnly);
        visit(edge.target);
        stackTypeOnly.pop();
      }
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  }
  for (const file of files) if (!done.has(file)) visit(file);
  return cycles.map((cycle) => ({ files: cycle.files.map((file) => relative(folder, file)), typeOnly: cycle.typeOnly }));
}

/** The same cycle entered anywhere gives the same key. */
function canonical(files: string[]): string {
  const start = files.indexOf([...files].sort()[0]!);
  return [...files.slice(start), ...files.slice(0, start)].join('>');
}

/** A cycle as one line: `a.ts > b.ts >(type) a.ts`. */
export function formatCycle(cycle: ImportCycle): string {
  let line = cycle.files[0]!;
  cycle.files.forEach((_file, index) => {
    const next = cycle.files[(index + 1) % cycle.files.length]!;
    line += cycle.typeOnly[index] ? ` >(type) ${next}` : ` > ${next}`;
  });
  return line;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const folder = resolve(process.argv[2] ?? 'src');
  const cycles = findImportCycles(folder);
  if (cycles.length === 0) {
    process.stdout.write(`No import cycle in ${relative(process.cwd(), folder) || '.'}.\n`);
  } else {
    process.stdout.write(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} in ${relative(process.cwd(), folder) || '.'} (">(type)": an import erased at run time):\n`);
    cycles.forEach((cycle, index) => process.stdout.write(`${index + 1}) ${formatCycle(cycle)}\n`));
    process.exitCode = 1;
  }
}
