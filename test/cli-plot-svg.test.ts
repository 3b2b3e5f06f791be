// The training-curve SVG (--plot): a vega-lite spec rendered headless by vega, no canvas needed.
import { describe, expect, test } from 'vitest';
import { renderTrainingCurves, trainingCurvesSpec, type CurvePoint } from '../src/plot/curves.js';

const history: CurvePoint[] = Array.from({ length: 30 }, (_, i) => ({
  epoch: i + 1, loss: 2 / (i + 1), validationLoss: 2.4 / (i + 1),
  layers: [{ gradRms: 1e-4 * (i + 1), saturation: 0.5 - i / 100 }, { gradRms: 1e-2 / (i + 1), saturation: 0.1 }],
}));

describe('training curves', () => {
  test('three panels: loss (log scale when it spans > 2 decades), saturation, gradient RMS (log)', () => {
    const spec = trainingCurvesSpec(history) as unknown as { vconcat: { title: string; encoding: { y: { scale?: { type?: string } } }; data: { values: unknown[] } }[] };
    expect(spec.vconcat.map((p) => p.title)).toEqual(['loss', 'saturated units per layer (derivative < 1% of its maximum)', 'RMS of the weight gradient per layer']);
    expect(spec.vconcat[0].data.values).toHaveLength(60);
    expect(spec.vconcat[0].encoding.y.scale?.type).toBeUndefined();
    expect(spec.vconcat[2].encoding.y.scale?.type).toBe('log');
    const steep = history.map((h) => ({ ...h, loss: 10 ** -h.epoch / 3 }));
    expect((trainingCurvesSpec(steep) as unknown as typeof spec).vconcat[0].encoding.y.scale?.type).toBe('log');
  });

  test('renders to a standalone SVG with lines, axes and legends', async () => {
    const svg = await renderTrainingCurves(history, { title: 'test run' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    for (const t of ['test run', 'training loss', 'validation loss', 'layer 1', 'layer 2 (output)', 'epoch']) expect(svg).toContain(t);
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(6);
  });

  test('no diagnostics and no validation: just the loss panel', async () => {
    const svg = await renderTrainingCurves(history.map((h) => ({ epoch: h.epoch, loss: h.loss })));
    expect(svg).toContain('training loss');
    expect(svg).not.toContain('saturated units');
  });
});
