import { describe, expect, it } from 'vitest';
import { tokeniseWords } from './tokenise-words.ts';

describe('tokeniseWords', () => {
  it.each<[string, string[]]>([
    ['How do I learn Python?', ['how', 'do', 'i', 'learn', 'python']],
    ["Why don't men take it seriously?", ['why', 'do', 'not', 'men', 'take', 'it', 'seriously']],
    ["I can't and won't", ['i', 'can', 'not', 'and', 'will', 'not']],
    ["Quora's users aren't bots", ['quora', 'users', 'are', 'not', 'bots']],
    ['Best e-commerce site, node.js or C++?', ['best', 'e-commerce', 'site', 'node.js', 'or', 'c++']],
    ['iPhone 6 vs 7 (2016)', ['iphone', '6', 'vs', '7', '2016']],
    ['I’m here', ['i', 'am', 'here']],
    ['', []],
  ])('%j', (text, words) => {
    expect(tokeniseWords(text)).toEqual(words);
  });
});
