// The playground's charts, drawn by Chart.js: loss per epoch (log scale; validation loss when the
// engine reports it) and per-layer gradient RMS / saturation (only from numbers the engine or the
// page really computed). Not here: where the numbers come from (main.ts).
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Title, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

type XY = { x: number; y: number };

/** Keeps at most `max` points: when full, drops every second point of the older half. */
function pushCapped(arr: XY[], p: XY, max: number): void {
  arr.push(p);
  if (arr.length > max) {
    const half = Math.floor(arr.length / 2);
    const thinned = arr.slice(0, half).filter((_, k) => k % 2 === 0);
    arr.splice(0, half, ...thinned);
  }
}

export class LossChart {
  readonly chart: Chart<'line', XY[]>;
  private readonly train: XY[] = [];
  private readonly validation: XY[] = [];

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'training loss (mean SSE)', data: this.train, borderColor: '#2563eb', backgroundColor: '#2563eb', borderWidth: 1.5, pointRadius: 0, parsing: false },
          { label: 'validation loss', data: this.validation, borderColor: '#ea580c', backgroundColor: '#ea580c', borderWidth: 1.5, pointRadius: 0, parsing: false, hidden: true },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, min: 0 },
          y: { type: 'logarithmic', title: { display: true, text: 'loss' } },
        },
        plugins: { legend: { labels: { filter: (item) => item.datasetIndex === 0 || this.validation.length > 0 } } },
      },
    });
  }

  reset(): void {
    this.train.length = 0;
    this.validation.length = 0;
    this.chart.data.datasets[1].hidden = true;
    this.chart.update();
  }

  add(epoch: number, loss: number, validationLoss?: number): void {
    if (loss > 0 && Number.isFinite(loss)) pushCapped(this.train, { x: epoch, y: loss }, 1500);
    if (validationLoss !== undefined && validationLoss > 0 && Number.isFinite(validationLoss)) {
      pushCapped(this.validation, { x: epoch, y: validationLoss }, 1500);
      this.chart.data.datasets[1].hidden = false;
    }
  }

  update(): void {
    this.chart.update('none');
  }
}

/** Per-layer diagnostics: gradient RMS (log axis, left) and saturation share (0–1, right). */
export interface LayerStat {
  gradRms: number;
  saturation: number;
}

export class LayerChart {
  readonly chart: Chart<'bar', number[], string>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: 'gradient RMS', data: [], backgroundColor: '#6366f1', yAxisID: 'grad' },
          { label: 'saturation (share of units)', data: [], backgroundColor: '#f59e0b', yAxisID: 'sat' },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { autoSkip: false, maxRotation: 0 } },
          grad: { type: 'logarithmic', position: 'left', title: { display: true, text: 'gradient RMS' } },
          sat: { type: 'linear', position: 'right', min: 0, max: 1, title: { display: true, text: 'saturation' }, grid: { drawOnChartArea: false } },
        },
      },
    });
  }

  set(layers: readonly number[], stats: readonly LayerStat[]): void {
    this.chart.data.labels = stats.map((_, l) => `${l + 1}: ${layers[l]}→${layers[l + 1]}`);
    this.chart.data.datasets[0].data = stats.map((s) => s.gradRms);
    this.chart.data.datasets[1].data = stats.map((s) => s.saturation);
    this.chart.update('none');
  }

  clear(): void {
    this.chart.data.labels = [];
    this.chart.data.datasets[0].data = [];
    this.chart.data.datasets[1].data = [];
    this.chart.update('none');
  }
}
