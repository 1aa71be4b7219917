// The four Chart.js charts. Data comes from the core's chart builders; this module only draws it,
// in the theme's chart colours, and redraws when the theme changes. No animation: a control change
// should show its result at once.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';
import type { HitRateChart, LineChart, StackedBars, WaterfallStep } from '../src/core/planner/charts';
import { formatUsd } from '../src/core/report/money';
import { readTheme, type ThemeColours } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip);

// Exported PNGs get the editor background instead of a transparent one.
const background: Plugin = {
  id: 'plannerBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

let theme: ThemeColours = readTheme();

function applyDefaults(): void {
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.lines;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.animation = false;
}
applyDefaults();

const usdTick = (value: number | string) => formatUsd(Number(value));
const percent = (value: number | string) => `${Math.round(Number(value) * 100)}%`;
const count = (value: number | string) => Number(value).toLocaleString('en-US');

export type ChartName = 'monthly' | 'hitRate' | 'traffic' | 'waterfall';

export class PlannerCharts {
  readonly charts = new Map<ChartName, Chart>();

  constructor(canvases: Record<ChartName, HTMLCanvasElement>) {
    const common = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom' as const, labels: { boxWidth: 12, boxHeight: 12 } } },
    };
    this.charts.set(
      'monthly',
      new Chart(canvases.monthly, {
        type: 'bar',
        data: { labels: [], datasets: [] },
        options: {
          ...common,
          scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'USD per month' }, ticks: { callback: usdTick } } },
        },
        plugins: [background],
      }),
    );
    this.charts.set(
      'hitRate',
      new Chart(canvases.hitRate, {
        type: 'line',
        data: { labels: [], datasets: [] },
        options: {
          ...common,
          scales: {
            x: { title: { display: true, text: 'Cache hit rate' } },
            y: { title: { display: true, text: 'USD per request' }, ticks: { callback: usdTick } },
          },
        },
        plugins: [background],
      }),
    );
    this.charts.set(
      'traffic',
      new Chart(canvases.traffic, {
        type: 'line',
        data: { labels: [], datasets: [] },
        options: {
          ...common,
          scales: {
            x: { type: 'logarithmic', title: { display: true, text: 'Requests per day' }, ticks: { callback: count } },
            y: { type: 'logarithmic', title: { display: true, text: 'USD per month' }, ticks: { callback: usdTick } },
          },
        },
        plugins: [background],
      }),
    );
    this.charts.set(
      'waterfall',
      new Chart(canvases.waterfall, {
        type: 'bar',
        data: { labels: [], datasets: [] },
        options: {
          ...common,
          plugins: { legend: { display: false } },
          scales: { y: { title: { display: true, text: 'USD per month' }, ticks: { callback: usdTick } } },
        },
        plugins: [background],
      }),
    );
  }

  private colour(i: number): string {
    return theme.series[i % theme.series.length];
  }

  showMonthly(data: StackedBars): void {
    const chart = this.charts.get('monthly')!;
    chart.data.labels = data.labels;
    chart.data.datasets = data.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: this.colour(i), stack: 'cost' }));
    chart.update('none');
  }

  showHitRate(data: HitRateChart): void {
    const chart = this.charts.get('hitRate')!;
    chart.data.labels = data.x.map(percent);
    chart.data.datasets = data.series.map((s, i) => ({
      label: data.breakEven[i] === null ? s.label : `${s.label} (break-even ${percent(data.breakEven[i] as number)})`,
      data: s.data,
      borderColor: this.colour(i),
      backgroundColor: this.colour(i),
      spanGaps: false,
    }));
    chart.update('none');
  }

  showTraffic(data: LineChart): void {
    const chart = this.charts.get('traffic')!;
    chart.data.labels = data.x;
    chart.data.datasets = data.series.map((s, i) => {
      const budget = s.label === 'Budget';
      return {
        label: s.label,
        data: s.data.map((y, j) => ({ x: data.x[j], y: y !== null && y > 0 ? y : null })) as unknown as number[],
        borderColor: budget ? theme.red : this.colour(i),
        backgroundColor: budget ? theme.red : this.colour(i),
        borderDash: budget ? [6, 4] : undefined,
        pointRadius: budget ? 0 : 3,
      };
    });
    chart.update('none');
  }

  showWaterfall(steps: WaterfallStep[] | null): void {
    const chart = this.charts.get('waterfall')!;
    chart.data.labels = (steps ?? []).map((s) => s.label);
    chart.data.datasets = [
      {
        label: 'USD per month',
        data: (steps ?? []).map((s) => [Math.min(s.from, s.to), Math.max(s.from, s.to)]) as unknown as number[],
        backgroundColor: (steps ?? []).map((s) => (s.kind === 'total' ? theme.blue : s.kind === 'saving' ? theme.green : theme.red)),
      },
    ];
    chart.update('none');
  }

  /** Re-reads the theme; the caller then shows the data again, which draws it in the new colours. */
  retheme(): void {
    theme = readTheme();
    applyDefaults();
  }

  png(name: ChartName): string {
    return this.charts.get(name)!.toBase64Image('image/png', 1);
  }
}
