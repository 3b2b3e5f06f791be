// SVG pictures of training curves: loss and validation loss, the share of saturated units per
// layer and the RMS of each layer's weight gradient, per epoch. A vega-lite spec compiled by
// vega-lite and rendered to SVG by vega's headless View (renderer 'none'): no canvas, no browser,
// no hand-drawn paths. Not a live chart (the playground has its own). vega and vega-lite are
// optional peer dependencies (11 MB), imported when a picture is rendered.
import type { TopLevelSpec } from 'vega-lite';
import { importOptional } from '../data/optional.js';

/** One epoch of training history, the fields the plot reads (the engine's EpochInfo is a superset). */
export interface CurvePoint {
  epoch: number;
  loss: number;
  validationLoss?: number;
  accuracy?: number;
  validationAccuracy?: number;
  layers?: readonly { gradRms: number; saturation: number }[];
}

/** Options of `trainingCurvesSpec` / `renderTrainingCurves`. */
export interface CurveOptions {
  /** Chart title. Default 'wasmprop training'. */
  title?: string;
  /** Width of each panel in pixels. Default 520. */
  width?: number;
  /** Height of each panel in pixels. Default 180. */
  height?: number;
}

/** The vega-lite spec of the curves (exposed for tests and for callers who render elsewhere). */
export function trainingCurvesSpec(history: readonly CurvePoint[], opts: CurveOptions = {}): TopLevelSpec {
  const width = opts.width ?? 520;
  const height = opts.height ?? 180;
  const loss: { epoch: number; series: string; value: number }[] = [];
  const layers: { epoch: number; layer: string; saturation: number; gradRms: number }[] = [];
  for (const h of history) {
    if (Number.isFinite(h.loss)) loss.push({ epoch: h.epoch, series: 'training loss', value: h.loss });
    if (h.validationLoss !== undefined && Number.isFinite(h.validationLoss)) loss.push({ epoch: h.epoch, series: 'validation loss', value: h.validationLoss });
    h.layers?.forEach((ly, k, all) => layers.push({
      epoch: h.epoch, layer: `layer ${k + 1}${k === all.length - 1 ? ' (output)' : ''}`, saturation: ly.saturation, gradRms: ly.gradRms,
    }));
  }
  const positive = loss.every((p) => p.value > 0);
  const lo = Math.min(...loss.map((p) => p.value));
  const hi = Math.max(...loss.map((p) => p.value));
  const logLoss = positive && loss.length > 0 && hi / lo > 100;
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch' };
  const panels: Record<string, unknown>[] = [{
    title: 'loss',
    width, height,
    data: { values: loss },
    mark: { type: 'line', point: history.length <= 30 },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', title: logLoss ? 'loss (log scale)' : 'loss', scale: logLoss ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['training loss', 'validation loss'] } },
    },
  }];
  if (layers.length > 0) {
    panels.push({
      title: 'saturated units per layer (derivative < 1% of its maximum)',
      width, height,
      data: { values: layers },
      mark: { type: 'line', point: history.length <= 30 },
      encoding: {
        x,
        y: { field: 'saturation', type: 'quantitative', title: 'share saturated', axis: { format: '%' }, scale: { domain: [0, 1] } },
        color: { field: 'layer', type: 'nominal', title: null },
      },
    });
    const rms = layers.filter((p) => p.gradRms > 0);
    if (rms.length > 0) {
      panels.push({
        title: 'RMS of the weight gradient per layer',
        width, height,
        data: { values: rms },
        mark: { type: 'line', point: history.length <= 30 },
        encoding: {
          x,
          y: { field: 'gradRms', type: 'quantitative', title: 'gradient RMS (log scale)', scale: { type: 'log' }, axis: { format: '.0e' } },
          color: { field: 'layer', type: 'nominal', title: null },
        },
      });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title ?? 'wasmprop training',
    vconcat: panels,
    // each panel has its own series (loss kinds vs layers): separate colour scales and legends
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    config: { font: 'sans-serif', background: 'white' },
  } as unknown as TopLevelSpec;
}

/** Renders the training curves to an SVG document string (headless vega View). */
export async function renderTrainingCurves(history: readonly CurvePoint[], opts: CurveOptions = {}): Promise<string> {
  const install = 'vega vega-lite';
  const vega = await importOptional(() => import('vega'), 'vega', 'plots (renderTrainingCurves, --plot)', install);
  const { compile } = await importOptional(() => import('vega-lite'), 'vega-lite', 'plots (renderTrainingCurves, --plot)', install);
  const vgSpec = compile(trainingCurvesSpec(history, opts)).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
