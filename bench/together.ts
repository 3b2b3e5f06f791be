// Several commands at once: the paired stage's two-process cell (bench/run.ts pairedCell), where two
// single-threaded children of the same system run side by side, each pinned to its own core — the
// machine's own throughput for independent work on all its cores, the ceiling a threaded run is read
// against (docs/benchmarks.md). Prints one JSON array of { status, stdout, stderr } when all have ended.
// Run by bench/run.ts as: node --import tsx bench/together.ts '<[{ cmd, args }] json>'.
// Not here: what the commands are (run.ts), parsing their output (native-build.ts parseChild).
import { spawn } from 'node:child_process';

export interface Command { cmd: string; args: string[] }
export interface Ended { status: number | null; stdout: string; stderr: string }

function run(c: Command): Promise<Ended> {
  return new Promise((resolve) => {
    const p = spawn(c.cmd, c.args);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', (e) => resolve({ status: null, stdout, stderr: `${stderr}${e.message}` }));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const cmds = JSON.parse(process.argv[2] ?? '[]') as Command[];
void Promise.all(cmds.map(run)).then((out) => process.stdout.write(JSON.stringify(out)));
