// The benchmark chart: throughput per system, one panel per workload (log scale, each panel its own
// axis), as SVG. A vega-lite spec compiled and rendered headless by vega (renderer 'none' → toSVG),
// so no browser or canvas is involved. Each bar is labelled with its speed ratios: against the
// plain-TS baseline, then (in parentheses) against wasmprop's TS twin.
// Not here: the numbers (bench/run.ts measures them; this only draws).
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ChildResult } from './types.js';
import type { Workload } from './workloads.js';

/** A system's throughput on a workload divided by the plain-TS baseline's and by the TS twin's. */
export interface SpeedRatio {
  vsPlainTs?: number;
  vsTsTwin?: number;
}

const fmtRatio = (v: number | undefined): string =>
  v === undefined ? '—' : v >= 10 ? `${v.toFixed(0)}×` : v >= 1 ? `${v.toFixed(1)}×` : `${v.toPrecision(2)}×`;

/** One bar per (workload, system) that was verified and timed; `ratios[workload][system]` label the bars. */
export async function renderChart(list: Workload[], columns: { id: string; label: string }[], results: ChildResult[],
  ratios: Record<string, Record<string, SpeedRatio>>, title: string): Promise<string> {
  const values = results
    .filter((r) => r.status === 'ok' && r.perSecond !== undefined)
    .map((r) => {
      const w = list.find((x) => x.id === r.workload)!;
      return {
        workload: `${w.id} ${w.name} (${w.unit}/s)`,
        system: columns.find((c) => c.id === r.system)?.label ?? r.system,
        family: r.system.startsWith('wasm') ? 'wasmprop WASM' : r.system === 'ts' ? 'wasmprop TS twin'
          : r.system === 'plain-ts' ? 'plain TS (baseline)' : r.system.startsWith('c-') ? 'native C' : 'other JS',
        perSecond: r.perSecond!,
        ratio: ((q) => `${fmtRatio(q?.vsPlainTs)} (${fmtRatio(q?.vsTsTwin)})`)(ratios[r.workload]?.[r.system]),
      };
    });
  const order = columns.map((c) => c.label);
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Training throughput per system (higher is better)', subtitle: [title, 'bar labels: speed vs plain TS (vs the wasmprop TS twin)'] },
    data: { values },
    facet: { column: { field: 'workload', type: 'nominal', title: null, sort: list.map((w) => `${w.id} ${w.name} (${w.unit}/s)`) } },
    spec: {
      width: 170,
      height: 240,
      encoding: {
        x: { field: 'system', type: 'nominal', sort: order, axis: { labelAngle: -50, title: null } },
        y: { field: 'perSecond', type: 'quantitative', scale: { type: 'log' }, title: 'per second (log)' },
      },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            // log-scale bars need an explicit base: without it vega draws them with zero height
            y2: { datum: 1 },
            color: { field: 'family', type: 'nominal', title: null },
          },
        },
        {
          // the ratios, in white down the bar from its top: bars start at 1 on a log axis, so even the shortest has room
          mark: { type: 'text', angle: 90, align: 'left', baseline: 'middle', dx: 4, fontSize: 9, color: 'white' },
          encoding: { text: { field: 'ratio', type: 'nominal' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
