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
    const prompts = [item(false, true, 'a long hard prompt'), item(true, true, 'short'), item(true, false, 'mid one'), item(false, false, 'x')];
    const [none, half, all] = evaluateRouter(prompts, routers[0]!, [0, 0.5, 1]);
    expect(none).toMatchObject({ strongShare: 0, routerAccuracy: 0.5, randomAccuracy: 0.5 });
    // The two longest prompts go to the strong model: the first is now right, the third now wrong.
    expect(half).toMatchObject({ strongShare: 0.5, routerAccuracy: 0.5, randomAccuracy: 0.5 });
    expect(all).toMatchObject({ strongShare: 1, routerAccuracy: 0.5 });
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
