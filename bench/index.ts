import {createReadStream, existsSync} from "node:fs";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {formatHelp, parseOptions, type Command} from "../cli/args.ts";
import {PulseError} from "../lib/errors.ts";
import {fromArrow, tableRows} from "../loaders/io/arrow.ts";
import {aggregateRun, type AggregateRun} from "./aggregateRun.ts";
import {arrowWindows, compareWindows, duckdbWindows, saleLines} from "./duckdbWindows.ts";
import {liveBench, type LiveResult} from "./liveBench.ts";
import {peakRss, runPulse, startServe} from "./runChild.ts";

/**
 * `npm run bench`: generates data, runs `pulse aggregate` and the same windows in DuckDB (checking
 * they agree), a live run (`pulse serve` at a fixed rate with N WebSocket clients) and a flat-out
 * replay for the bridge's peak RSS. Progress goes to stderr, figures to stdout.
 */
const spec: Command = {
  name: "bench",
  summary: "benchmark batch aggregation (vs DuckDB), live latency and replay memory",
  details: `
targets: batch ≥ 500k events/s; live p99 ≤ 100 ms at 50k events/s with 100 clients; RSS ≤ 300 MB for 10M lines.
The live run uses --live-window 1d by default: generated data is sparse (1M lines over 30 days), so at
50k events/s each 100 ms tick covers hours of event time; with 1-minute windows every delta would carry
thousands of windows. A 1-day window gives deltas of about one row per group, as 1-minute windows do
for data that really arrives at 50k events/s.
The live run uses --tick 50ms by default: an event waits for the next tick before it is flushed, so
with the bridge's default 100 ms tick the per-event p99 is at least ~99 ms before any sending.

examples:
  npm run bench
  npm run bench -- --lines 10000000 --skip live
  npm run bench -- --skip batch,duckdb,replay --clients 100 --rate 50000`,
  options: {
    lines: {type: "integer", min: 1000, default: 1_000_000, help: "transaction lines to generate"},
    days: {type: "integer", min: 1, default: 30, help: "days the generated data spans"},
    seed: {type: "integer", default: 1, help: "generator seed"},
    data: {type: "string", arg: "DIR", help: "use this generated folder instead of generating"},
    cache: {type: "string", arg: "DIR", default: join(tmpdir(), "pulse-bench"), help: "where generated data sets are kept between runs"},
    window: {type: "duration", default: "1m", help: "batch window (with DuckDB)"},
    runs: {type: "integer", min: 1, default: 3, help: "batch: runs of pulse aggregate and of DuckDB, alternated; the figures are medians"},
    rate: {type: "integer", min: 1, default: 50_000, help: "live: events per second"},
    clients: {type: "integer", min: 1, default: 100, help: "live: WebSocket clients"},
    duration: {type: "duration", default: "15s", help: "live: measured time"},
    warmup: {type: "duration", default: "3s", help: "live: time before measuring"},
    tick: {type: "duration", default: "50ms", help: "live: broadcast tick (see below)"},
    "live-window": {type: "string", arg: "DURATION", default: "1d", help: "live: window size (see below)"},
    skip: {type: "string", arg: "LIST", default: "", help: "phases to skip: batch, duckdb, live, replay"},
    json: {type: "boolean", help: "print the figures as one JSON object"}
  },
  run: async () => 0
};

/** Line breaks in a file (its lines, for a file that ends with one). */
async function newlines(path: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) ++count;
  }
  return count;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${Math.round(bytes / 1048576)} MB`);
const int = (n: number) => Math.round(n).toLocaleString("en-US");

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(formatHelp(spec).replace("pulse bench", "npm run bench --"));
    return 0;
  }
  const {options: o} = parseOptions(argv, spec.options);
  const skip = new Set(String(o.skip).split(",").filter(Boolean));
  for (const phase of skip) if (!["batch", "duckdb", "live", "replay"].includes(phase)) throw new PulseError("E_BAD_OPTION", `invalid --skip: ${JSON.stringify(phase)} (expected batch, duckdb, live, replay)`);
  const figures: Record<string, unknown> = {};
  const lines: string[] = [];
  const print = (name: string, text: string) => lines.push(`${name.padEnd(8)} ${text}`);

  // ---- data
  const data = (o.data as string | undefined) ?? join(o.cache as string, `gen-${o.lines}-d${o.days}-s${o.seed}`);
  if (!existsSync(join(data, "transactions.csv"))) {
    log(`generating ${int(o.lines as number)} lines into ${data}`);
    const gen = await runPulse(["generate", "--seed", String(o.seed), "--days", String(o.days), "--transactions", String(o.lines), "--out", data], {onStderr: (t) => process.stderr.write(t)});
    if (gen.code !== 0) throw new PulseError("E_IO", `generate failed: ${gen.stderr.trim()}`);
  }
  const files = {
    transactions: join(data, "transactions.csv"),
    refunds: join(data, "refunds.csv"),
    inventory: join(data, "inventory.csv"),
    stores: join(data, "store_locations.csv"),
    products: join(data, "product_catalog.csv")
  };
  const inputs = Object.entries(files).flatMap(([name, path]) => (existsSync(path) ? [`--${name}`, path] : []));
  figures.data = data;

  // ---- batch and DuckDB
  const out = await mkdtemp(join(tmpdir(), "pulse-bench-agg-"));
  try {
    if (!skip.has("batch")) {
      // Runs alternate (ours, DuckDB, ours, …) so a slow spell of a shared machine falls on both;
      // medians of --runs are the figures, min–max shows the spread.
      const runs = o.runs as number;
      const ours: AggregateRun[] = [];
      const duckMs: number[] = [];
      let comparison: ReturnType<typeof compareWindows> | null = null;
      for (let r = 0; r < runs; ++r) {
        log(`pulse aggregate (run ${r + 1} of ${runs}) …`);
        const run = await runPulse(["aggregate", ...inputs, "--window", `${o.window}ms`, "--out", out], {onStderr: (t) => process.stderr.write(t)});
        if (run.code !== 0) throw new PulseError("E_IO", `aggregate failed: ${run.stderr.trim()}`);
        ours.push(aggregateRun(run));
        if (skip.has("duckdb")) continue;
        log(`DuckDB (run ${r + 1} of ${runs}) …`);
        const read = async (name: string) => tableRows(fromArrow(await readFile(join(out, name))));
        const late = await read("late.arrow");
        if (r === 0) {
          const kpis = (await read("kpis.arrow"))[0];
          if (kpis.rejected) log(`warning: ${kpis.rejected} rejected rows; the DuckDB query does not replicate rejects, expect differences`);
        }
        const lateSales = await saleLines(files.transactions, new Set(late.filter((row) => row.source === "transactions.csv").map((row) => row.line as number)));
        const duck = await duckdbWindows({...files, windowMs: o.window as number, dimensions: ["all", "store", "region", "category", "product", "payment"], late: lateSales});
        duckMs.push(duck.ms);
        // Every run writes the same windows: compare the last one's.
        if (r === runs - 1) comparison = compareWindows(arrowWindows(await read("windows.arrow")), duck.rows);
      }
      const rows = ours[0].rows;
      const wallMs = median(ours.map((run) => run.wallMs));
      const aggregateMs = median(ours.map((run) => run.aggregateMs));
      const engineMs = median(ours.map((run) => run.engineMs));
      const peakRssBytes = ours.some((run) => run.peakRssBytes === null) ? null : Math.max(...ours.map((run) => run.peakRssBytes!));
      const batch = {
        rows,
        runs,
        wallMs,
        eventsPerSecond: (rows * 1000) / wallMs,
        aggregateEventsPerSecond: (rows * 1000) / aggregateMs,
        engineEventsPerSecond: (rows * 1000) / engineMs,
        writeMs: median(ours.map((run) => run.writeMs)),
        peakRssBytes,
        each: ours
      };
      figures.batch = batch;
      const range = (values: number[], unit = (v: number) => (v / 1000).toFixed(2)) => (runs > 1 ? ` (${unit(Math.min(...values))}–${unit(Math.max(...values))})` : "");
      const rate = (ms: number) => int((rows * 1000) / ms);
      const rates = (values: number[]) => (runs > 1 ? ` (${rate(Math.max(...values))}–${rate(Math.min(...values))})` : "");
      // With --data the folder's own count (a 10M-line folder was labelled with --lines' default).
      const lines = o.data === undefined ? (o.lines as number) : (await newlines(files.transactions)) - 1;
      print("data", `${int(lines)} transaction lines, ${int(rows)} rows in all (${data})`);
      print(
        "batch",
        `pulse aggregate, ${runs > 1 ? `median of ${runs} runs (min–max)` : "1 run"}: ${(wallMs / 1000).toFixed(2)} s wall${range(ours.map((run) => run.wallMs))} = ${int(batch.eventsPerSecond)} events/s end to end (start-up and Arrow writing included; writing ${(batch.writeMs / 1000).toFixed(2)} s); ` +
          `read + parse + aggregate ${int(batch.aggregateEventsPerSecond)} events/s${rates(ours.map((run) => run.aggregateMs))}; engine thread alone ${int(batch.engineEventsPerSecond)} events/s; peak RSS ${mb(peakRssBytes)}`
      );
      if (comparison) {
        const duck = median(duckMs);
        figures.duckdb = {ms: duck, each: duckMs, ratio: wallMs / duck, aggregateRatio: aggregateMs / duck, engineRatio: engineMs / duck, agree: comparison.agree, rows: comparison.rows, differences: comparison.differences.length};
        print(
          "duckdb",
          `same windows: ${(duck / 1000).toFixed(2)} s${range(duckMs)}; time ours/DuckDB ${(wallMs / duck).toFixed(2)} end to end, ${(aggregateMs / duck).toFixed(2)} read + parse + aggregate, ${(engineMs / duck).toFixed(2)} engine thread alone; ` +
            `windows agree: ${comparison.agree ? "yes" : "NO"} (${int(comparison.rows)} window rows, sale measures${comparison.agree ? "" : `; ${comparison.differences.length} differ, e.g. ${comparison.differences[0]}`})`
        );
      }
    }
  } finally {
    await rm(out, {recursive: true, force: true});
  }

  // ---- live
  let live: LiveResult | null = null;
  if (!skip.has("live")) {
    live = await liveBench({
      data,
      rate: o.rate as number,
      clients: o.clients as number,
      durationMs: o.duration as number,
      warmupMs: o.warmup as number,
      tickMs: o.tick as number,
      window: o["live-window"] as string,
      log
    });
    figures.live = live;
    print(
      "live",
      `${live.clients} clients, ${int(live.targetRate)} events/s asked, ${int(live.achievedRate)} achieved (lag ${int(live.replayLagMs)} ms), tick ${o.tick} ms, window ${o["live-window"]}: ` +
        `ingest→client p50 ${live.latencyP50} ms, p99 ${live.latencyP99} ms, max ${live.latencyMax} ms (worst event of a delta p99 ${live.deltaWorstP99} ms); ` +
        `${live.deltasPerClient.toFixed(0)} deltas/client, ${mb(live.bytesPerSecond)}/s to all clients; bridge RSS peak ${mb(live.bridgePeakRssBytes)}; ` +
        `server side: event-loop lag p99 ${live.serverLoopLagP99.toFixed(0)} ms (max ${live.serverLoopLagMax.toFixed(0)} ms), ${(live.serverQueuedWithin100ms * 100).toFixed(1)}% of deltas queued within 100 ms of their oldest event`
    );
  }

  // ---- replay flat out: the bridge's memory over the whole input
  if (!skip.has("replay")) {
    log("replay --speed max …");
    const started = performance.now();
    const server = await startServe(["--data", data, "--speed", "max", "--hardware-interval", "0"]);
    try {
      let h: any;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        h = await (await fetch(`${server.url}/health`)).json();
        if (h.status !== "replaying") break;
      }
      if (h.status !== "done") throw new PulseError("E_IO", `replay ${h.status}: ${h.error}`);
      const wallMs = performance.now() - started;
      const replay = {rows: h.rowsRead, wallMs, rowsPerSecond: (h.rowsRead * 1000) / wallMs, peakRssBytes: peakRss(server.child.pid!)};
      figures.replay = replay;
      print("replay", `pulse serve --speed max: ${int(h.rowsRead)} rows in ${(wallMs / 1000).toFixed(1)} s (${int(replay.rowsPerSecond)} rows/s incl. start-up), bridge peak RSS ${mb(replay.peakRssBytes)}`);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }

  // ---- targets
  const batch = figures.batch as {eventsPerSecond: number; aggregateEventsPerSecond: number; engineEventsPerSecond: number; peakRssBytes: number | null} | undefined;
  const replay = figures.replay as {peakRssBytes: number | null} | undefined;
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const targets: string[] = [];
  if (batch) {
    targets.push(
      `batch ≥ 500k events/s (read + parse + aggregate): ${verdict(batch.aggregateEventsPerSecond >= 500_000)} ` +
        `(${int(batch.aggregateEventsPerSecond)}; end to end ${int(batch.eventsPerSecond)}; engine thread alone ${int(batch.engineEventsPerSecond)})`
    );
  }
  if (live) targets.push(`live p99 ≤ 100 ms at ${int(live.targetRate)}/s × ${live.clients}: ${verdict(live.latencyP99 <= 100 && live.achievedRate >= 0.95 * live.targetRate)} (p99 ${live.latencyP99} ms, ${int(live.achievedRate)}/s)`);
  if ((o.lines as number) >= 10_000_000) {
    if (batch) targets.push(`RSS ≤ 300 MB (batch, ${int(o.lines as number)} lines): ${verdict((batch.peakRssBytes ?? Infinity) <= 300 * 1048576)} (${mb(batch.peakRssBytes)})`);
    if (replay) targets.push(`RSS ≤ 300 MB (replay, ${int(o.lines as number)} lines): ${verdict((replay.peakRssBytes ?? Infinity) <= 300 * 1048576)} (${mb(replay.peakRssBytes)})`);
  }
  if (targets.length) print("targets", targets.join("; "));
  process.stdout.write(o.json ? JSON.stringify(figures, null, 2) + "\n" : lines.join("\n") + "\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`bench: ${error instanceof PulseError ? error.message : (error as Error).stack}\n`);
    process.exitCode = error instanceof PulseError && error.code === "E_BAD_OPTION" ? 2 : 1;
  }
);
