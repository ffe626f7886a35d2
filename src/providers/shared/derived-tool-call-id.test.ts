import { describe, expect, it } from 'vitest';
import { derivedToolCallId } from './derived-tool-call-id.ts';

describe('derivedToolCallId', () => {
  it.each([
    [0, 'get_weather', 'resp1', undefined, 'call_0_get_weather_resp1'],
    [2, 'get_weather', undefined, undefined, 'call_2_get_weather'],
    [1, 'get_weather', '', undefined, 'call_1_get_weather'],
    [0, 'ns.tool name', 'a/b', undefined, 'call_0_ns_tool_name_a_b'],
    [3, 'get_weather', 'resp1', 'upstream-id', 'upstream-id'],
  ])('index %i, name %j, suffix %j, upstream %j gives %j', (index, name, suffix, upstreamId, expected) => {
    expect(derivedToolCallId(index, name, suffix, upstreamId)).toBe(expected);
  });
});
