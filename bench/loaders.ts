// Times every Framework data loader in src/data/ the way Framework runs them (node_modules/
// @observablehq/framework/dist/loader.js): one child process each, `node` for a .js loader and `tsx`
// for a .ts one, one after another, with BRIDGE_URL=off (batch over the data, never a live bridge)
// and PULSE_DATA_DIR pointing at the data. Figures (wall, CPU, peak RSS) go to stdout,
// progress and the loaders' own stderr to stderr.
//   npx tsx bench/loaders.ts [--data DIR] [--only a,b] [--json]
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {readdir} from "node:fs/promises";
import {delimiter, join, resolve} from "node:path";
import {formatHelp, parseOptions, type Command} from "../cli/args.ts";
import {badOption, PulseError} from "../lib/errors.ts";
import {ROOT} from "./runChild.ts";

export interface LoaderTiming {
  loader: string;
  code: number | null;
  wallMs: number;
  /** User + system CPU of the loader and every process it started, ms. */
  cpuMs: number;
  /** Largest peak RSS among the loader's processes, bytes. */
  peakRssBytes: number;
  /** Bytes the loader wrote to stdout (its output file). */
  outputBytes: number;
}

const TIME = "/usr/bin/time";
const MARKER = "PULSE_LOADER_TIME=";

const spec: Command = {
  name: "bench/loaders.ts",
  summary: "time every src/data loader as Framework runs it (a child process each, BRIDGE_URL=off)",
  details: `
goals (issue 4): all loaders together under 20 s on data/, under 60 s on 1M transaction lines.

examples:
  npx tsx bench/loaders.ts
  npx tsx bench/loaders.ts --data /tmp/m1
  npx tsx bench/loaders.ts --only segments.tar,inventory.tar`,
  options: {
    data: {type: "string", arg: "DIR", default: join(ROOT, "data"), help: "folder of the sample CSVs (PULSE_DATA_DIR)"},
    only: {type: "string", arg: "LIST", help: "loaders to run, by output name (aggregates.tar, hardware.arrow, ...)"},
    json: {type: "boolean", help: "print the figures as one JSON object"}
  },
  run: async () => 0
};

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/** The loaders Framework would run, by output name: src/data files with a second extension (helpers have none). */
export async function loaderFiles(dir = join(ROOT, "src", "data")): Promise<Map<string, string>> {
  const files = (await readdir(dir)).filter((name) => /^[^.]+\.[a-z]+\.(js|ts)$/.test(name)).sort();
  return new Map(files.map((file) => [file.slice(0, -3), join(dir, file)]));
}

/** The command Framework runs a loader with (its interpreters for .js and .ts). */
const interpreter = (file: string) => (file.endsWith(".js") ? [process.execPath, "--no-warnings=ExperimentalWarning"] : ["tsx"]);

/** Runs one loader to completion under /usr/bin/time (whose counts include the loader's children). */
export function timeLoader(loader: string, file: string, dataDir: string, onStderr: (text: string) => void = () => {}): Promise<LoaderTiming> {
  const env = {
    ...process.env,
    BRIDGE_URL: "off",
    PULSE_DATA_DIR: dataDir,
    PATH: [join(ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter)
  };
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(TIME, ["-f", `${MARKER}%e %U %S %M`, ...interpreter(file), file], {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
    let outputBytes = 0;
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => (outputBytes += chunk.length));
    child.stderr.on("data", (chunk) => {
      const text = String(chunk);
      stderr += text;
      const lines = (partial + text).split("\n");
      partial = lines.pop()!;
      const shown = lines.filter((line) => !line.startsWith(MARKER));
      if (shown.length) onStderr(shown.join("\n") + "\n");
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      const wallMs = performance.now() - started;
      const m = new RegExp(`${MARKER}([\\d.]+) ([\\d.]+) ([\\d.]+) (\\d+)`).exec(stderr);
      if (!m) return fail(new PulseError("E_IO", `${loader}: no figures from ${TIME}: ${stderr.trim().split("\n").pop()}`));
      done({loader, code, wallMs, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, peakRssBytes: Number(m[4]) * 1024, outputBytes});
    });
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(formatHelp(spec).replace("pulse bench/loaders.ts", "npx tsx bench/loaders.ts"));
    return 0;
  }
  const {options: o} = parseOptions(argv, spec.options);
  if (!existsSync(TIME)) throw new PulseError("E_IO", `${TIME} is needed for CPU and peak RSS figures`);
  const dataDir = resolve(o.data as string);
  if (!existsSync(join(dataDir, "transactions.csv"))) throw badOption("data", o.data, "a folder with transactions.csv");
  const files = await loaderFiles();
  const all = [...files.keys()];
  const only = o.only === undefined ? all : String(o.only).split(",").filter(Boolean);
  for (const name of only) if (!all.includes(name)) throw badOption("only", name, `one of ${all.join(", ")}`);

  const timings: LoaderTiming[] = [];
  const started = performance.now();
  for (const loader of only) {
    log(`${loader} over ${dataDir}`);
    const timing = await timeLoader(loader, files.get(loader)!, dataDir, (text) => process.stderr.write(text));
    if (timing.code !== 0) throw new PulseError("E_IO", `loader ${loader} exited with ${timing.code}`);
    log(`${loader}: ${seconds(timing.wallMs)}`);
    timings.push(timing);
  }
  const totalWallMs = performance.now() - started;
  const totalCpuMs = timings.reduce((sum, t) => sum + t.cpuMs, 0);
  if (o.json) {
    process.stdout.write(JSON.stringify({data: dataDir, loaders: timings, totalWallMs, totalCpuMs}, null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...timings.map((t) => t.loader.length), 5);
  process.stdout.write(`loaders over ${dataDir} (BRIDGE_URL=off, one process each as Framework starts them)\n`);
  process.stdout.write(`${"loader".padEnd(width)}  ${"wall".padStart(8)}  ${"cpu".padStart(8)}  ${"peak rss".padStart(8)}  ${"output".padStart(8)}\n`);
  for (const t of timings) {
    process.stdout.write(`${t.loader.padEnd(width)}  ${seconds(t.wallMs).padStart(8)}  ${seconds(t.cpuMs).padStart(8)}  ${mb(t.peakRssBytes).padStart(8)}  ${mb(t.outputBytes).padStart(8)}\n`);
  }
  process.stdout.write(`${"total".padEnd(width)}  ${seconds(totalWallMs).padStart(8)}  ${seconds(totalCpuMs).padStart(8)}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = error instanceof PulseError && error.code === "E_BAD_OPTION" ? 2 : 1;
  }
}
