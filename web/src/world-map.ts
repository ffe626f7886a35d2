import { alpha2ToNumeric, numericToAlpha2 } from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import { echarts } from './charts.ts';

let registered = false;

/**
 * Registers the world map (Natural Earth 1:50m countries from world-atlas, as GeoJSON through topojson-client) with
 * ECharts once, each country named by its ISO 3166-1 alpha-2 code (`code`), the codes jurisdictions use.
 */
export function registerWorldMap(): string {
  if (registered) return 'world';
  const topology = countries as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  for (const item of collection.features) {
    const code = item.id === undefined ? undefined : numericToAlpha2(String(item.id).padStart(3, '0'));
    item.properties = { ...item.properties, code: code ?? `#${String(item.id)}` } as typeof item.properties;
  }
  echarts.registerMap('world', collection as never);
  registered = true;
  return 'world';
}

/** Whether the map has a shape for a country code. */
export function onMap(code: string): boolean {
  return alpha2ToNumeric(code) !== undefined;
}
