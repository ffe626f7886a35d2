import { describe, expect, it } from 'vitest';
import { areasOfProfile, placeOf, summariseProfile } from './profile-summary.ts';

/** A profile of one sample per node, with the given self times (microseconds). */
function profileOf(frames: Array<{ functionName: string; url: string; microseconds: number }>) {
  return {
    nodes: frames.map((frame, index) => ({ id: index + 1, callFrame: { functionName: frame.functionName, url: frame.url, lineNumber: 0 } })),
    samples: frames.map((_, index) => index + 1),
    timeDeltas: frames.map((frame) => frame.microseconds),
  };
}

describe('profile summary', () => {
  const profile = profileOf([
    { functionName: '(idle)', url: '', microseconds: 9_000 },
    { functionName: 'writev', url: '', microseconds: 300 },
    { functionName: '(garbage collector)', url: '', microseconds: 100 },
    { functionName: 'sqliteTransaction', url: 'file:///app/node_modules/better-sqlite3/lib/methods/transaction.js', microseconds: 200 },
    { functionName: 'insertAll', url: 'file:///app/dist/store/sqlite/sqlite-ledger-repository.js', microseconds: 100 },
    { functionName: 'routeStage', url: 'file:///app/src/server/stages/route.ts', microseconds: 200 },
    { functionName: 'decide', url: 'file:///app/dist/core/router/create-router.js', microseconds: 100 },
  ]);

  it('shares busy time (idle left out) by area, the same for sources run through tsx and for dist/', () => {
    const { total, areas } = areasOfProfile(profile);
    expect(total).toBe(1);
    const share = (name: string) => areas.find((area) => area.name.startsWith(name))!.share;
    expect(share('socket writes')).toBeCloseTo(0.3);
    expect(share('garbage collection')).toBeCloseTo(0.1);
    expect(share('SQLite')).toBeCloseTo(0.3);
    expect(share('router and policies')).toBeCloseTo(0.1);
    expect(share('other gateway code')).toBeCloseTo(0.2);
    expect(areas.reduce((sum, area) => sum + area.share, 0)).toBeCloseTo(1);
  });

  it('names places by package or project file and sorts functions by self time', () => {
    expect(placeOf('file:///app/node_modules/@scope/pkg/index.js')).toBe('@scope/pkg');
    expect(placeOf('file:///app/src/server/app.ts')).toBe('src/server/app.ts');
    const { functions } = summariseProfile(profile);
    expect(functions[0]!.name).toBe('writev (native / V8)');
    expect(functions.map((entry) => entry.milliseconds)).toEqual([...functions.map((entry) => entry.milliseconds)].sort((a, b) => b - a));
  });
});
