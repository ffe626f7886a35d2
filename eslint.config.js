// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.sovereign/**', 'bench/peers/**', 'web/vendor/**'] },
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
    // src/edge is the browser SDK: bundled for the page from src/core and src/edge alone.
    files: ['src/edge/**/*.ts'],
    ignores: ['src/edge/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*'], message: 'src/edge runs in the browser: no Node APIs.' },
        { group: ['../server/*', '../providers/*', '../store/*', '../security/*', '../cache/*', '../mcp/*', '../sim/*', '../cli/*'], message: 'src/edge imports only src/core and itself.' },
      ] }],
    },
  },
  {
    // src/core is isomorphic: it runs in Node, in the browser and in the simulator.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*'], message: 'src/core must not import Node APIs (it runs in the browser too).' },
        { group: ['../server/*', '../providers/*', '../store/*', '../security/*', '../cache/*', '../mcp/*', '../sim/*', '../cli/*', '**/src/server/**'], message: 'src/core imports nothing of the project outside itself.' },
      ] }],
    },
  },
);
