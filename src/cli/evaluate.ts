// `wasmprop eval` and `wasmprop predict`: run a saved model on a CSV file (or a bundled set).
// eval reports the engine's loss, accuracy and a confusion matrix (classes) or RMSE (numbers);
// predict writes one CSV row of predictions per input row.
import { accuracy, confusionMatrix, predictedClasses } from '../data/metrics.js';
import { Predictor } from '../model/predictor.js';
import type { BackendName } from '../api/types.js';
import { WasmpropError } from '../api/errors.js';
import { loadData, type DataOptions, type LoadedData } from './data.js';
import { csvCell, fixed, pct, sig, table } from './format.js';
import type { CliIo } from './io.js';
import { readModelFile } from './model-io.js';
import { writeFileAtomic } from './write-file.js';

/** Options of `wasmprop eval`. */
export interface EvalCommandOptions extends DataOptions {
  model: string;
  backend?: BackendName;
  json?: boolean;
}

/** Options of `wasmprop predict`. */
export interface PredictCommandOptions extends DataOptions {
  model: string;
  out?: string;
  backend?: BackendName;
  json?: boolean;
}

// The data must fit the model: as many features as inputs (and, for eval, target values as outputs).
function checkShape(data: LoadedData, p: Predictor, modelName: string, targets: boolean): void {
  const IN = p.net.layers[0];
  const OUT = p.net.layers[p.net.layers.length - 1];
  if (data.inputSize !== IN) throw new WasmpropError(data.name, `${IN} feature columns (the inputs of ${modelName})`, `${data.inputSize} columns`);
  if (targets && data.outputSize !== OUT) throw new WasmpropError(data.name, `${OUT} target values per row (the outputs of ${modelName})`, `${data.outputSize}`);
}

/** Runs `wasmprop eval`; returns the exit code. */
export async function evalCommand(o: EvalCommandOptions, io: CliIo): Promise<number> {
  const model = await readModelFile(o.model, io);
  const data = await loadData(o, io, model, true);
  const predictor = await Predictor.fromModel(model, o.backend);
  try {
    checkShape(data, predictor, o.model, true);
    const outputs = predictor.run(data.inputs);
    const loss = predictor.loss(data.inputs, data.targets);
    const classes = model.classes;
    const report: Record<string, unknown> = { command: 'eval', model: o.model, data: data.name, rows: data.rows, loss: { kind: model.network.loss ?? 'sse', value: loss } };
    if (classes) {
      const W = data.outputSize;
      report.accuracy = accuracy(outputs, data.targets, data.rows, W);
      report.classes = classes;
      report.confusion = confusionMatrix(outputs, data.targets, data.rows, W);
    } else {
      const W = data.outputSize;
      const rmse = Array.from({ length: W }, (_, j) => {
        let s = 0;
        for (let r = 0; r < data.rows; r++) s += (outputs[r * W + j] - data.targets[r * W + j]) ** 2;
        return Math.sqrt(s / data.rows);
      });
      report.rmse = rmse;
      report.targetNames = model.targetNames ?? rmse.map((_, j) => `output${j + 1}`);
    }
    if (o.json) {
      io.stdout(JSON.stringify(report) + '\n');
      return 0;
    }
    io.stdout(`wasmprop eval: ${o.model} on ${data.name} (${data.rows} rows)\n`);
    io.stdout(`  loss (${report.loss && (report.loss as { kind: string }).kind}): ${fixed(loss, 6)}\n`);
    if (classes) {
      io.stdout(`  accuracy: ${pct(report.accuracy as number)} (${Math.round((report.accuracy as number) * data.rows)} of ${data.rows})\n`);
      const m = report.confusion as number[][];
      io.stdout('\n  confusion matrix (rows: actual, columns: predicted)\n');
      io.stdout(table(['actual \\ predicted', ...classes], m.map((row, k) => [classes[k], ...row.map(String)]), [0], '    '));
    } else {
      const names = report.targetNames as string[];
      (report.rmse as number[]).forEach((v, j) => io.stdout(`  RMSE ${names[j]}: ${sig(v, 6)}\n`));
    }
    return 0;
  } finally {
    predictor.dispose();
  }
}

/** Runs `wasmprop predict`; returns the exit code. */
export async function predictCommand(o: PredictCommandOptions, io: CliIo): Promise<number> {
  const model = await readModelFile(o.model, io);
  const data = await loadData(o, io, model, false);
  const predictor = await Predictor.fromModel(model, o.backend);
  try {
    const OUT = predictor.net.layers[predictor.net.layers.length - 1];
    checkShape(data, predictor, o.model, false);
    const outputs = predictor.run(data.inputs);
    const classes = model.classes;
    const names = classes ? (OUT === 1 ? ['output'] : classes.map((c) => `p(${c})`)) : model.targetNames?.length === OUT ? model.targetNames : Array.from({ length: OUT }, (_, j) => `output${j + 1}`);
    const predicted = classes ? predictedClasses(outputs, data.rows, OUT) : undefined;
    if (o.json && !o.out) {
      const rows = Array.from({ length: data.rows }, (_, r) => ({
        row: r + 1,
        ...(predicted ? { predicted: classes![predicted[r]] } : {}),
        outputs: Array.from(outputs.subarray(r * OUT, (r + 1) * OUT)),
      }));
      io.stdout(JSON.stringify({ command: 'predict', model: o.model, data: data.name, rows: data.rows, columns: names, predictions: rows }) + '\n');
      return 0;
    }
    const header = ['row', ...(predicted ? ['predicted'] : []), ...names];
    const lines = [header.map(csvCell).join(',')];
    for (let r = 0; r < data.rows; r++) {
      const cells: (string | number)[] = [r + 1];
      if (predicted) cells.push(classes![predicted[r]]);
      for (let j = 0; j < OUT; j++) cells.push(outputs[r * OUT + j]);
      lines.push(cells.map(csvCell).join(','));
    }
    const csv = lines.join('\n') + '\n';
    if (o.out) {
      await writeFileAtomic(o.out, csv, io);
      if (o.json) io.stdout(JSON.stringify({ command: 'predict', model: o.model, data: data.name, rows: data.rows, out: o.out }) + '\n');
      else io.stdout(`wasmprop predict: ${data.rows} predictions written to ${o.out}\n`);
    } else {
      io.stdout(csv);
    }
    return 0;
  } finally {
    predictor.dispose();
  }
}
