export { OptionError, describeValue, optionErrorMessage } from './options/option-error.js';
export {
  type NumberRange,
  type OptionCheckers,
  type OptionErrorClass,
  optionCheckers,
} from './options/option-checkers.js';
export { type Random, type RandomState, createRandom, restoreRandom } from './random/random.js';
export { type ProgressBar, type ProgressBarOptions, createProgressBar } from './progress/progress-bar.js';
export { formatBytes, formatDuration } from './progress/units.js';
export { CHART_COLORS, escapeXml } from './chart/svg.js';
export { formatTick, logTicks, niceTicks } from './chart/ticks.js';
export { type AxisScale, type LineChart, type LineSeries, renderLineChart } from './chart/line-chart.js';
export { type Bar, type BarChart, renderBarChart } from './chart/bar-chart.js';
export { bitsPerByteFromNats } from './bits-per-byte.js';
