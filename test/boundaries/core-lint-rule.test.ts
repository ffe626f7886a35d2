import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const planted = readFileSync(new URL('../fixtures/core-boundary/planted.ts.txt', import.meta.url), 'utf8');

/** The rules the fixture marks on each line (`// expect: RULE`), by line number (1-based). */
function expectedByLine(text: string): Map<number, string> {
  const expected = new Map<number, string>();
  text.split('\n').forEach((line, index) => {
    const match = /\/\/ expect: (\S+)$/.exec(line);
    if (match) expected.set(index + 1, match[1]!);
  });
  return expected;
}

const boundaryRules = new Set(['local/stay-inside', 'no-restricted-globals', 'no-restricted-properties']);

/**
 * Lints `text` with the repository's own configuration as if it were the file at `path` (it need not exist) and
 * returns what the boundary rules reported (the fixture breaks other rules too, e.g. `no-require-imports`).
 */
async function lintAs(path: string, text: string) {
  const eslint = new ESLint({ cwd: repository });
  const [result] = await eslint.lintText(text, { filePath: `${repository}${path}` });
  return result!.messages.filter((message) => message.ruleId !== null && boundaryRules.has(message.ruleId));
}

describe('the src/core boundary lint rule (eslint.config.js)', () => {
  it('rejects each planted project import at any depth, each Node import and each Node global, and nothing else', async () => {
    const messages = await lintAs('src/core/router/planted.ts', planted);
    const reported = new Map(messages.map((message) => [message.line, message.ruleId]));
    const expected = expectedByLine(planted);
    expect(expected.size).toBeGreaterThan(15);
    expect(Object.fromEntries(reported)).toEqual(Object.fromEntries(expected));
    expect(messages.find((message) => message.line === 7)?.message).toContain('resolves to src/server/gateway.ts');
  });

  it('lets a src/core test use Node APIs, but still not import the rest of the project', async () => {
    const messages = await lintAs('src/core/router/planted.test.ts', planted);
    const lines = new Set(messages.map((message) => message.line));
    const text = planted.split('\n');
    for (const [line, rule] of expectedByLine(planted)) {
      const isNode = rule !== 'local/stay-inside' || /'(node:|path'|fs\/)/.test(text[line - 1]!);
      expect(lines.has(line), `line ${line}: ${text[line - 1]}`).toBe(!isNode);
    }
  });

  it('leaves the same imports alone outside src/core', async () => {
    const messages = await lintAs('src/server/planted.ts', planted);
    expect(messages).toEqual([]);
  });
});

describe('the src/edge boundary lint rule (eslint.config.js)', () => {
  const edgeSource = [
    "import { requestTexts } from '../core/profile/request-texts.ts';",
    "import { edgeRouter } from './edge-router.ts';",
    "import { startGateway } from '../server/gateway.ts'; // expect: local/stay-inside",
    "import { sign } from '../../src/security/audit/sign.ts'; // expect: local/stay-inside",
    "import { readFileSync } from 'node:fs'; // expect: local/stay-inside",
    "import { z } from 'zod';",
    'export const used = [requestTexts, edgeRouter, startGateway, sign, readFileSync, z, process.env]; // expect: no-restricted-globals',
  ].join('\n');

  it('lets the browser SDK import src/core and itself, and nothing else of the project, no Node API or global', async () => {
    const messages = await lintAs('src/edge/planted.ts', edgeSource);
    expect(Object.fromEntries(messages.map((message) => [message.line, message.ruleId]))).toEqual(Object.fromEntries(expectedByLine(edgeSource)));
  });
});
