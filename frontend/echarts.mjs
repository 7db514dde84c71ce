// The part of ECharts the app draws with: bar charts and the map of the counties, with their
// axes, legends, tooltips, colour scales and marked lines (an indicator's baseline and target),
// on canvas. Bundled by `./lagesbild` (esbuild) into
// public/vendor/echarts.min.js, which `public/charts.js` loads on pages that have a chart; the
// full ECharts build is about twice the size.
import * as echarts from 'echarts/core';
import { BarChart, MapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  MapChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

window.echarts = echarts;
