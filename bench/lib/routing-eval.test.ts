import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';
import { evaluateRouter, loadRoutedPrompts, routers, type RoutedPrompt } from './routing-eval.ts';

describe('parseCsv', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['"x, y","say ""hi""\nthere"\r\nz,', [['x, y', 'say "hi"\nthere'], ['z', '']]],
    ['last,row', [['last', 'row']]],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('routing evaluation', () => {
  const item = (weakCorrect: boolean, strongCorrect: boolean, prompt: string): RoutedPrompt => ({ prompt, weakCorrect, strongCorrect, weakResponse: '#### 1' });

  it('scores a router against random routing at the same share', () => {
    // Weak right on 2 of 4, strong on 3 of 4; the two longest prompts are exactly the two only the strong model gets right.
    const prompts = [item(false, true, 'a long hard prompt'), item(true, true, 'short'), item(true, false, 'y'), item(false, true, 'mid one')];
    const [none, half, all] = evaluateRouter(prompts, routers[0]!, [0, 0.5, 1]);
    expect(none).toMatchObject({ strongShare: 0, routerAccuracy: 0.5, randomAccuracy: 0.5, routerPgr: 0 });
    // Random routing at half share expects 0.5 + 0.5 * (0.75 - 0.5); the length router gets all four right.
    expect(half).toMatchObject({ strongShare: 0.5, routerAccuracy: 1, randomAccuracy: 0.625, routerPgr: 2 });
    expect(all).toMatchObject({ strongShare: 1, routerAccuracy: 0.75, randomAccuracy: 0.75, routerPgr: 1 });
  });

  it('loads the RouteLLM GSM8K set without its contaminated prompts', () => {
    const { prompts, excluded } = loadRoutedPrompts();
    expect(excluded).toBe(12);
    expect(prompts.length).toBe(1307);
    const weak = prompts.filter((prompt) => prompt.weakCorrect).length / prompts.length;
    const strong = prompts.filter((prompt) => prompt.strongCorrect).length / prompts.length;
    expect(weak).toBeCloseTo(0.637, 2);
    expect(strong).toBeCloseTo(0.858, 2);
  });
});
