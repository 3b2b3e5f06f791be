// The benchmark chart: throughput per system, one panel per workload (log scale, each panel its own
// axis), as SVG. A vega-lite spec compiled and rendered headless by vega (renderer 'none' → toSVG),
// so no browser or canvas is involved.
// Not here: the numbers (bench/run.ts measures them; this only draws).
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ChildResult } from './child.js';
import type { Workload } from './workloads.js';

/** One bar per (workload, system) that was verified and timed. */
export async function renderChart(list: Workload[], columns: { id: string; label: string }[], results: ChildResult[], title: string): Promise<string> {
  const values = results
    .filter((r) => r.status === 'ok' && r.perSecond !== undefined)
    .map((r) => {
      const w = list.find((x) => x.id === r.workload)!;
      return {
        workload: `${w.id} ${w.name} (${w.unit}/s)`,
        system: columns.find((c) => c.id === r.system)?.label ?? r.system,
        family: r.system.startsWith('wasm') ? 'wasmprop WASM' : r.system === 'ts' ? 'wasmprop TS' : r.system.startsWith('c-') ? 'native C' : 'other JS',
        perSecond: r.perSecond!,
      };
    });
  const order = columns.map((c) => c.label);
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Training throughput per system (higher is better)', subtitle: title },
    data: { values },
    facet: { column: { field: 'workload', type: 'nominal', title: null, sort: list.map((w) => `${w.id} ${w.name} (${w.unit}/s)`) } },
    spec: {
      width: 170,
      height: 240,
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'system', type: 'nominal', sort: order, axis: { labelAngle: -50, title: null } },
        y: { field: 'perSecond', type: 'quantitative', scale: { type: 'log' }, title: 'per second (log)' },
        // log-scale bars need an explicit base: without it vega draws them with zero height
        y2: { datum: 1 },
        color: { field: 'family', type: 'nominal', title: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif' },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
