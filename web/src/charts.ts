import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export { echarts };

const charts = new Set<echarts.ECharts>();

/** A chart in `container` (disposed with the view); resizes with the window. */
export function chart(container: HTMLElement, option: ChartOption): echarts.ECharts {
  const instance = echarts.init(container, undefined, { renderer: 'canvas' });
  instance.setOption(option);
  charts.add(instance);
  return instance;
}

/** Disposes every chart (a view is left). */
export function disposeCharts(): void {
  for (const instance of charts) instance.dispose();
  charts.clear();
}

window.addEventListener('resize', () => {
  for (const instance of charts) instance.resize();
});

/** The palette: one colour per series, in order. */
export const palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563'];
