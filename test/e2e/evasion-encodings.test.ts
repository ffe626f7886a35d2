import Anthropic from '@anthropic-ai/sdk';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reached, resetSimulators } from '../helpers/evasion-fleet.ts';
import { outcomeOf, type Outcome } from '../helpers/outcome-of.ts';
import { startSovereigntyGateway } from '../helpers/sovereignty-fleet.ts';
import type { TestGateway } from '../helpers/start-test-gateway.ts';

/**
 * Evasion suite for detection: markings, personal data and credentials written the way an evader writes them
 * (case, spacing, invisible and look-alike characters, Markdown, HTML, labels, JSON strings, escapes,
 * percent-encoding, base64, split over lines), sent through the running gateway in both dialects, streamed and not,
 * as message text and inside tool calls and tool results. Each must reach exactly the provider the policies allow
 * (read from the simulators' recordings) or be refused, and prose that merely uses the words must go where any
 * request goes.
 */

/** Credentials are assembled from parts so that no scanner mistakes this file for a leak. */
const awsKey = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const openaiKey = ['sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z', '_-Q'].join('');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const percent = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const unicodeEscapes = (text: string) => [...text].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const fullwidth = (text: string) => [...text].map((character) => (character >= '!' && character <= '~' ? String.fromCharCode(character.charCodeAt(0) + 0xfee0) : character)).join('');

type Expected = { to: string } | { refused: string };
const secretLevel: Expected = { to: 'local-secret' };
const cuiLevel: Expected = { to: 'local-cui' };
const topSecret: Expected = { refused: 'classified-stays-local' };
const personal: Expected = { to: 'cloud-ch' };
const credential: Expected = { refused: 'block-secrets' };
const anywhere: Expected = { to: 'cloud-sg' };

/** [label, text, where it must go]. */
const variants: Array<[string, string, Expected]> = [
  // Classification markings.
  // A level, `//` and a known caveat wherever they stand (adversarial review): a question about one fails closed too.
  ['a marking mid-sentence', 'What does SECRET//NOFORN mean in a memo?', secretLevel],
  ['a marking in a numbered list', 'Files:\n1. SECRET//NOFORN\nOperation NIGHTJAR', secretLevel],
  ['a marking in an HTML comment', '<!-- SECRET//NOFORN -->\nOperation NIGHTJAR', secretLevel],
  ['a marking in a second table cell', '| Classification | SECRET//NOFORN |', secretLevel],
  ['a marking glued to letters', 'refzzSECRET//NOFORN Operation NIGHTJAR', secretLevel],
  ['base64 of a marking with letters glued before it', `payload${base64('SECRET//NOFORN\nOperation NIGHTJAR')}`, secretLevel],
  ['base64 of a key with letters glued before it', `tok${base64(openaiKey)}`, credential],
  ['marking in lower case', 'secret//noforn\nSummarise the plan.', secretLevel],
  ['marking in mixed case with spaces around //', 'Secret // NoForn\nSummarise the plan.', secretLevel],
  ['marking with double spaces and tabs', 'TOP  SECRET\t//\tSI/TK\nOrder of battle.', topSecret],
  ['zero-width space inside the level', 'SE\u200BCRET//NOFORN\nSummarise.', secretLevel],
  ['byte order mark and soft hyphen', '\uFEFFSEC\u00ADRET//REL TO USA, GBR\nSummarise.', secretLevel],
  ['no-break spaces around //', 'SECRET\u00A0//\u00A0NOFORN\nSummarise.', secretLevel],
  ['fullwidth letters', `${fullwidth('SECRET//NOFORN')}\nSummarise.`, secretLevel],
  ['Cyrillic look-alikes', '\u0405\u0415\u0421R\u0415\u0422//NOFORN\nSummarise.', secretLevel],
  ['Markdown heading', '# SECRET//NOFORN\nSummarise.', secretLevel],
  ['HTML paragraph', '<p>SECRET//NOFORN</p><p>Summarise.</p>', secretLevel],
  ['HTML banner, bare level', '<div class="banner">TOP SECRET</div>\nOrders.', topSecret],
  ['label with colon', 'CLASSIFICATION: SECRET//NOFORN\nSummarise.', secretLevel],
  ['label with dash, title case', 'Classification - Secret\nSummarise.', secretLevel],
  ['labelled in a sentence', 'Security classification: Top Secret.\nOrders.', topSecret],
  ['sensitivity label', 'Sensitivity: Confidential\nThe merger terms.', secretLevel],
  ['portion marking', 'Intro.\n(S//NF) The source reported movement.', secretLevel],
  ['portion marking, lower case', 'Intro (ts // sci) the orders.', topSecret],
  ['bare CUI portion', 'Intro\n(CUI) The schedule for site B.', cuiLevel],
  ['CUI banner in lower case', 'cui//sp-prvcy\nRecords.', cuiLevel],
  ['JSON text with an escaped line break', '{"report":"Summary\\nTOP SECRET\\nbody"}', topSecret],
  ['percent-encoded banner', `${percent('SECRET//NOFORN')}\nSummarise.`, secretLevel],
  ['base64 banner', `Decode and summarise: ${base64('SECRET//NOFORN\nThe plan is attached.')}`, secretLevel],
  ['\\u escapes in the text', `${unicodeEscapes('SECRET')}//NOFORN\nSummarise.`, secretLevel],
  ['HTML character references', 'SECRET&#47;&#47;NOFORN\nSummarise.', secretLevel],
  ['an IBAN after the caveats', 'SECRET//NOFORN DE89 3704 0044 0532 0130 00\nPay it.', secretLevel],
  // Personal data.
  ['IBAN in lower case', 'Refund to de89 3704 0044 0532 0130 00 please.', personal],
  ['IBAN with dashes', 'Refund to DE89-3704-0044-0532-0130-00 please.', personal],
  ['phone with 00 prefix', 'Call 0049 30 1234567 tomorrow.', personal],
  ['phone in fullwidth digits', `Call ${fullwidth('+49 30 1234567')} tomorrow.`, personal],
  ['internationalised e-mail address', 'Write to m\u00FCller@b\u00FCcher.de about it.', personal],
  ['e-mail address in another script', 'Write to \u7528\u6237@\u4F8B\u5B50.\u5E7F\u544A about it.', personal],
  ['percent-encoded e-mail address', 'Open mailto:anna.schmidt%40example.de now.', personal],
  ['base64 e-mail address', `Contact ${base64Url('anna.schmidt@example.de')} today.`, personal],
  ['e-mail address with a zero-width joiner', 'Write to anna\u200D@example.de today.', personal],
  ['e-mail address as character references', 'Write to anna&#64;example&#46;de today.', personal],
  // Credentials.
  ['key with an upper-case prefix', `Use ${openaiKey.replace('sk-proj-', 'SK-PROJ-')} for it.`, credential],
  ['AWS key id in lower case', `Use ${awsKey.toLowerCase()} for it.`, credential],
  ['AWS key id split by spaces', `Use ${awsKey.replace(/(.{4})/g, '$1 ').trim()} for it.`, credential],
  ['key split over lines', `Use ${openaiKey.slice(0, 20)}\n${openaiKey.slice(20)} for it.`, credential],
  ['base64 key', `Decode ${base64(awsKey)} and use it.`, credential],
  ['percent-encoded key', `key=${percent(awsKey.slice(0, 4))}${awsKey.slice(4)}`, credential],
  ['\\u-escaped key prefix', `Use ${unicodeEscapes('sk-proj-')}${openaiKey.slice(8)} for it.`, credential],
  ['key after a marking', `UNCLASSIFIED//${awsKey}`, credential],
  // Prose that uses the words.
  ['secret in prose', 'The secret to good bread is time.', anywhere],
  ['upper-case SECRET in prose', 'The SECRET to good bread is time.', anywhere],
  ['classification as a topic', 'Classification of secret societies is hard.', anywhere],
  ['CONFIDENTIAL opening prose', 'CONFIDENTIAL information follows below, in general terms.', anywhere],
  ['multiple choice', 'Pick one:\n(A) Red\n(B) Blue\n(C) Green', anywhere],
  ['identifiers, percent and ampersand', 'Fields scheduled_departure_time_est and mohamed_hernandez_5188, 100% sure & ready.', anywhere],
  ['sk- as a word', 'sk-learn is a Python library for machine learning.', anywhere],
];

describe('evasion: encodings and layouts of markings, personal data and credentials', () => {
  let harness: TestGateway;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    harness = await startSovereigntyGateway();
    openai = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: harness.apiKey, maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: harness.url, apiKey: harness.apiKey, maxRetries: 0 });
  });
  afterAll(() => harness.close());
  beforeEach(() => resetSimulators(harness));

  const openaiTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'fetch_report', parameters: { type: 'object', properties: { note: { type: 'string' } } } } };
  const anthropicTool: Anthropic.Tool = { name: 'fetch_report', input_schema: { type: 'object', properties: { note: { type: 'string' } } } };

  /** Ways to send one text: both dialects, streamed or not, as message text, tool-call arguments, tool results, tool_use input. */
  const ways: Record<string, (text: string) => Promise<Outcome>> = {
    'OpenAI chat': (text) => outcomeOf(() => openai.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: text }] }).withResponse().then(({ response }) => response)),
    'OpenAI chat, streamed': async (text) => {
      let stream: AsyncIterable<unknown> | undefined;
      return outcomeOf(
        () => openai.chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: text }] }).withResponse().then(({ data, response }) => ((stream = data), response)),
        async () => {
          for await (const _chunk of stream!) void _chunk;
        },
      );
    },
    'Anthropic messages': (text) => outcomeOf(() => anthropic.messages.create({ model: 'chat', max_tokens: 16, messages: [{ role: 'user', content: text }] }).withResponse().then(({ response }) => response)),
    'Anthropic messages, streamed': async (text) => {
      let stream: AsyncIterable<unknown> | undefined;
      return outcomeOf(
        () => anthropic.messages.create({ model: 'chat', max_tokens: 16, stream: true, messages: [{ role: 'user', content: text }] }).withResponse().then(({ data, response }) => ((stream = data), response)),
        async () => {
          for await (const _event of stream!) void _event;
        },
      );
    },
    'OpenAI tool result (JSON)': (text) =>
      outcomeOf(() =>
        openai.chat.completions
          .create({
            model: 'chat',
            tools: [openaiTool],
            messages: [
              { role: 'user', content: 'Summarise the report.' },
              { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'fetch_report', arguments: '{}' } }] },
              { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ report: `Report of the day\n${text}\nEnd.` }) },
            ],
          })
          .withResponse()
          .then(({ response }) => response),
      ),
    'OpenAI tool-call arguments (JSON)': (text) =>
      outcomeOf(() =>
        openai.chat.completions
          .create({
            model: 'chat',
            tools: [openaiTool],
            messages: [
              { role: 'user', content: 'File the note.' },
              { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'fetch_report', arguments: JSON.stringify({ note: `Note\n${text}` }) } }] },
              { role: 'tool', tool_call_id: 'call_1', content: 'filed' },
            ],
          })
          .withResponse()
          .then(({ response }) => response),
      ),
    'Anthropic tool_use input (JSON), streamed': async (text) => {
      let stream: AsyncIterable<unknown> | undefined;
      return outcomeOf(
        () =>
          anthropic.messages
            .create({
              model: 'chat',
              max_tokens: 16,
              stream: true,
              tools: [anthropicTool],
              messages: [
                { role: 'user', content: 'File the note.' },
                { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'fetch_report', input: { note: `Note\n${text}` } }] },
                { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'filed' }] },
              ],
            })
            .withResponse()
            .then(({ data, response }) => ((stream = data), response)),
        async () => {
          for await (const _event of stream!) void _event;
        },
      );
    },
  };

  const cases = Object.keys(ways).flatMap((way) => variants.map(([label, text, expected]) => [way, label, text, expected] as const));

  it.each(cases)('%s: %s', async (way, _label, text, expected) => {
    const outcome = await ways[way]!(text);
    if ('refused' in expected) {
      expect({ status: outcome.status, reached: reached(harness) }).toEqual({ status: 403, reached: [] });
      expect(outcome.message).toContain(expected.refused);
    } else {
      expect({ status: outcome.status, provider: outcome.provider, reached: reached(harness) }).toEqual({ status: 200, provider: expected.to, reached: [expected.to] });
    }
  });

  it('keeps the key written after a marking out of the signed audit log; the record holds the marking as a level', async () => {
    await ways['OpenAI chat']!(`UNCLASSIFIED//${awsKey}`);
    await harness.gateway.services.auditLog.checkpoint();
    const database = new Database(harness.gateway.services.auditLog.dbFile, { readonly: true, fileMustExist: true });
    try {
      const records = (database.prepare('SELECT record FROM audit_records').all() as Array<{ record: string }>).map((row) => row.record);
      expect(records.length).toBeGreaterThan(0);
      expect(records.filter((record) => record.includes('IOSFODNN7'))).toEqual([]);
      const last = JSON.parse(records[records.length - 1]!) as { profile: { markings: string[]; secretKinds: string[] } };
      expect(last.profile).toMatchObject({ markings: ['UNCLASSIFIED'], secretKinds: ['aws-access-key-id'] });
    } finally {
      database.close();
    }
  });
});
