// @ts-check
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

const nodeBuiltins = new Set(builtinModules);

/** Whether a module specifier names a Node built-in (`node:fs`, `fs`, `fs/promises`). */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || nodeBuiltins.has(specifier) || nodeBuiltins.has(specifier.split('/')[0] ?? '');
}

/**
 * `local/stay-inside`: every module a file imports (static, re-exported, dynamic, or in a type position) resolves
 * inside `root` (or inside a folder of `also`: another self-contained folder it may use), and none is a Node
 * built-in unless `allowNode`. Unlike name patterns (`../server/*`), it catches
 * an import at any depth (`../../server/x.ts`, `../../../bench/y.ts`, `../../package.json`), because it resolves
 * the specifier against the importing file. Package imports (`zod`) are allowed; the browser bundle test checks
 * that they stay free of Node too.
 * @type {import('eslint').Rule.RuleModule}
 */
export const stayInsideRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep a folder self-contained: no imports from outside it, no Node built-ins.' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, also: { type: 'array', items: { type: 'string' } }, allowNode: { type: 'boolean' }, name: { type: 'string' } },
        required: ['root'],
        additionalProperties: false,
      },
    ],
    messages: {
      outside: '{{name}} imports nothing of the project outside itself: "{{specifier}}" resolves to {{target}}.',
      node: '{{name}} must not import Node APIs (it runs in the browser too): "{{specifier}}".',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = resolve(options.root);
    const roots = [root, ...(options.also ?? []).map((folder) => resolve(folder))];
    const name = options.name ?? relative(context.cwd, root);
    const directory = dirname(context.filename);

    /** @param {import('estree').Node} node @param {unknown} specifier */
    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (isNodeBuiltin(specifier)) {
        if (!options.allowNode) context.report({ node, messageId: 'node', data: { name, specifier } });
        return;
      }
      const isPath = specifier.startsWith('.') || isAbsolute(specifier) || specifier.startsWith('file:');
      if (!isPath) return;
      const target = specifier.startsWith('file:') ? new URL(specifier).pathname : resolve(directory, specifier);
      const inside = (folder) => {
        const fromFolder = relative(folder, target);
        return fromFolder === '' || (!fromFolder.startsWith(`..${sep}`) && fromFolder !== '..' && !isAbsolute(fromFolder));
      };
      if (roots.some(inside)) return;
      context.report({ node, messageId: 'outside', data: { name, specifier, target: relative(context.cwd, target) || target } });
    }

    /** The text of a string literal or of a template literal without substitutions. */
    function literalText(node) {
      if (!node) return undefined;
      if (node.type === 'Literal') return node.value;
      if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked;
      return undefined;
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => {
        if (node.source) check(node.source, node.source.value);
      },
      ImportExpression: (node) => check(node, literalText(node.source)),
      /** @param {any} node `import('x').T` in a type */
      TSImportType: (node) => check(node, literalText(node.argument?.literal ?? node.argument)),
      /** @param {any} node `import x = require('x')` */
      TSExternalModuleReference: (node) => check(node, literalText(node.expression)),
    };
  },
};
