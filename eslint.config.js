// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { stayInsideRule } from './lint/stay-inside-rule.js';

/** The isomorphic core: no project imports from outside it, no Node APIs (see ARCHITECTURE.md, boundaries). */
const coreRoot = fileURLToPath(new URL('./src/core', import.meta.url));
/** The browser SDK: imports only itself and the core, no Node APIs. */
const edgeRoot = fileURLToPath(new URL('./src/edge', import.meta.url));
/** Node-only globals; web-standard ones (`setTimeout`, `TextEncoder`, `crypto`, `AbortSignal`) are fine. */
const nodeGlobals = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', '.sovereign/**', 'bench/peers/**', 'web/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': 'off',
    },
  },
  {
    // src/edge is the browser SDK, bundled for the page from src/core and src/edge alone: no Node APIs.
    files: ['src/edge/**/*.ts'],
    ignores: ['src/edge/**/*.test.ts'],
    plugins: { local: { rules: { 'stay-inside': stayInsideRule } } },
    rules: {
      'local/stay-inside': ['error', { root: edgeRoot, also: [coreRoot], name: 'src/edge' }],
      'no-restricted-globals': ['error', ...nodeGlobals.map((name) => ({ name, message: `src/edge must not use the Node global "${name}" (it runs in the browser).` }))],
    },
  },
  {
    // src/core is isomorphic: it runs in Node, in the browser and in the simulator. Its tests run only in Node, so
    // they may use Node APIs, but like the sources they import nothing of the project outside src/core.
    files: ['src/core/**/*.ts'],
    plugins: { local: { rules: { 'stay-inside': stayInsideRule } } },
    rules: {
      'local/stay-inside': ['error', { root: coreRoot, name: 'src/core', allowNode: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'local/stay-inside': ['error', { root: coreRoot, name: 'src/core' }],
      'no-restricted-globals': ['error', ...nodeGlobals.map((name) => ({ name, message: `src/core must not use the Node global "${name}" (it runs in the browser too).` }))],
      'no-restricted-properties': ['error', ...nodeGlobals.map((property) => ({ object: 'globalThis', property, message: 'src/core must not use Node globals (it runs in the browser too).' }))],
    },
  },
  {
    // Functions stay small enough to read (STYLE.md): 150 lines without blanks and comments. Test suites are long
    // lists of cases (tests, contract suites, test support) and are not held to it. The functions still over it are
    // listed here, each with why, rather than disabled in place, so splitting one only means deleting its line.
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/*.test.ts',
      'src/**/*-contract.ts',
      'src/**/test-support/**',
      // Being split by other work of issue 11 (GatewayServices split): startGateway wires every service.
      'src/server/gateway.ts',
      // One closure over the detector's state of many windows and campaigns; splitting it is its own task.
      'src/security/extraction/extraction-detector.ts',
      // The dashboard API: one route table over the same services; to be split per view.
      'src/server/ui/ui-api.ts',
    ],
    rules: {
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
    },
  },
);
