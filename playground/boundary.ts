// The decision-boundary canvas of 2-D data sets: the network's output over a grid (computed by the
// engine on the current parameters) painted as class colours, with the training points on top.
// Plain canvas pixels — this is an image of the model, not a chart. Not here: where the grid
// outputs come from (main.ts runs them through a Network).

/** Class colours (colour-blind-safe-ish: blue, orange, green, purple…). */
export const CLASS_COLORS: [number, number, number][] = [
  [59, 130, 246], [249, 115, 22], [16, 185, 129], [168, 85, 247], [236, 72, 153],
  [234, 179, 8], [20, 184, 166], [100, 116, 139], [239, 68, 68], [132, 204, 22],
];

export interface BoundaryData {
  inputs: Float64Array;
  targets: Float64Array;
  rows: number;
  outputSize: number;
  extent: [number, number, number, number];
}

/** Class index of a row of targets/outputs: argmax, or ≥ 0.5 for one output. */
function classOf(v: ArrayLike<number>, at: number, width: number): number {
  if (width === 1) return v[at] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < width; k++) if (v[at + k] > v[at + best]) best = k;
  return best;
}

export class BoundaryView {
  private data: BoundaryData | undefined;
  private readonly off: HTMLCanvasElement;

  constructor(private readonly canvas: HTMLCanvasElement, readonly grid = 96) {
    this.off = document.createElement('canvas');
    this.off.width = grid;
    this.off.height = grid;
  }

  setData(data: BoundaryData | undefined): void {
    this.data = data;
    this.render(undefined);
  }

  /** Grid points, row-major from the top-left, as network inputs (grid² × 2). */
  gridInputs(): Float64Array {
    const d = this.data;
    if (!d) return new Float64Array(0);
    const [x0, x1, y0, y1] = d.extent;
    const n = this.grid;
    const g = new Float64Array(n * n * 2);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        g[2 * (r * n + c)] = x0 + ((c + 0.5) / n) * (x1 - x0);
        g[2 * (r * n + c) + 1] = y1 - ((r + 0.5) / n) * (y1 - y0);
      }
    }
    return g;
  }

  /** Paints the grid outputs (grid² × outputSize), or a blank field, then the points. */
  render(outputs: Float64Array | undefined): void {
    const ctx = this.canvas.getContext('2d')!;
    const W = this.canvas.width;
    const H = this.canvas.height;
    ctx.fillStyle = '#f8fafc';
    ctx.fillRect(0, 0, W, H);
    const d = this.data;
    if (!d) return;
    const n = this.grid;
    const k = d.outputSize;
    if (outputs && outputs.length === n * n * k) {
      const octx = this.off.getContext('2d')!;
      const img = octx.createImageData(n, n);
      for (let p = 0; p < n * n; p++) {
        let rgb: [number, number, number];
        let strength: number;
        if (k === 1) {
          // one output: blend class 0 → class 1 by the output value
          const v = Math.min(1, Math.max(0, outputs[p]));
          const a = CLASS_COLORS[0], b = CLASS_COLORS[1];
          rgb = [a[0] + (b[0] - a[0]) * v, a[1] + (b[1] - a[1]) * v, a[2] + (b[2] - a[2]) * v];
          strength = Math.abs(v - 0.5) * 2;
        } else {
          const c = classOf(outputs, p * k, k);
          rgb = CLASS_COLORS[c % CLASS_COLORS.length];
          strength = Math.min(1, Math.max(0, outputs[p * k + c]));
        }
        const mix = 0.25 + 0.5 * strength; // pale where unsure
        img.data[4 * p] = 255 + (rgb[0] - 255) * mix;
        img.data[4 * p + 1] = 255 + (rgb[1] - 255) * mix;
        img.data[4 * p + 2] = 255 + (rgb[2] - 255) * mix;
        img.data[4 * p + 3] = 255;
      }
      octx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.off, 0, 0, W, H);
    }
    const [x0, x1, y0, y1] = d.extent;
    const w = d.targets.length / d.rows;
    for (let r = 0; r < d.rows; r++) {
      const x = ((d.inputs[2 * r] - x0) / (x1 - x0)) * W;
      const y = ((y1 - d.inputs[2 * r + 1]) / (y1 - y0)) * H;
      const rgb = CLASS_COLORS[classOf(d.targets, r * w, w) % CLASS_COLORS.length];
      ctx.beginPath();
      ctx.arc(x, y, d.rows <= 16 ? 7 : 3.5, 0, 2 * Math.PI);
      // a darker shade of the class colour with a dark rim: visible on its own class's region too
      ctx.fillStyle = `rgb(${rgb[0] * 0.8},${rgb[1] * 0.8},${rgb[2] * 0.8})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#0f172a';
      ctx.stroke();
    }
  }
}
