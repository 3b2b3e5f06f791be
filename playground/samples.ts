// What the network says about data that cannot be drawn as a plane: a confusion matrix (counts of
// actual × predicted class over all rows, from the engine's outputs on the current parameters) and,
// for the digits, the last rows as 28×28 thumbnails labelled with the predicted digit.
// Not here: computing the outputs (main.ts runs them through a Network).
import { confusionMatrix, predictedClasses } from '../src/data/metrics.js';

const THUMBS = 24;

export class SamplesView {
  constructor(
    private readonly figure: HTMLElement,
    private readonly table: HTMLTableElement,
    private readonly canvas: HTMLCanvasElement,
  ) {}

  /** Shows the view for class data that is not 2-D (iris, digits); hides it otherwise. */
  show(data: { classes?: string[]; inputSize: number } | undefined): void {
    this.figure.hidden = !data?.classes || data.inputSize === 2;
    this.canvas.hidden = data?.inputSize !== 784;
    this.table.replaceChildren();
    this.clearThumbs();
  }

  private clearThumbs(): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Redraws from the engine's outputs for every row. */
  render(data: { inputs: Float64Array; targets: Float64Array; rows: number; inputSize: number; outputSize: number; classes?: string[] }, outputs: Float64Array): void {
    if (!data.classes || this.figure.hidden) return;
    const m = confusionMatrix(outputs, data.targets, data.rows, data.outputSize);
    const head = document.createElement('tr');
    head.append(cell('th', 'actual \\ predicted'), ...data.classes.map((c) => cell('th', c)));
    const rows = m.map((row, a) => {
      const tr = document.createElement('tr');
      tr.append(cell('th', data.classes![a]), ...row.map((n, p) => {
        const td = cell('td', String(n));
        if (n > 0) td.className = a === p ? 'hit' : 'miss';
        return td;
      }));
      return tr;
    });
    this.table.replaceChildren(head, ...rows);
    if (data.inputSize === 784) this.thumbs(data, outputs);
  }

  private thumbs(data: { inputs: Float64Array; targets: Float64Array; rows: number; outputSize: number; classes?: string[] }, outputs: Float64Array): void {
    const ctx = this.canvas.getContext('2d')!;
    this.clearThumbs();
    const n = Math.min(THUMBS, data.rows);
    const first = data.rows - n;
    const pred = predictedClasses(outputs.subarray(first * data.outputSize), n, data.outputSize);
    const actual = predictedClasses(data.targets.subarray(first * data.outputSize, data.rows * data.outputSize), n, data.outputSize);
    const img = ctx.createImageData(28, 28);
    const cols = 8, cellW = 46, cellH = 70;
    for (let k = 0; k < n; k++) {
      const at = (first + k) * 784;
      for (let p = 0; p < 784; p++) {
        const v = 255 - Math.round(255 * Math.min(1, Math.max(0, data.inputs[at + p])));
        img.data[4 * p] = v;
        img.data[4 * p + 1] = v;
        img.data[4 * p + 2] = v;
        img.data[4 * p + 3] = 255;
      }
      const x = (k % cols) * cellW + 2, y = Math.floor(k / cols) * cellH + 4;
      ctx.putImageData(img, x, y);
      ctx.drawImage(this.canvas, x, y, 28, 28, x, y, 42, 42); // scale up in place
      ctx.font = '600 14px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillStyle = pred[k] === actual[k] ? '#15803d' : '#b91c1c';
      ctx.fillText(data.classes![pred[k]], x + 21, y + 62);
    }
  }
}

function cell(tag: 'td' | 'th', text: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}
