import type {Command} from "../args.ts";
import {badOption} from "../../lib/errors.ts";
import {formatDuration} from "../../lib/duration.ts";
import type {HardwareAlert} from "../../stream-bridge/hardware/alerts.ts";
import {EVERY_SAMPLE} from "../../stream-bridge/hardware/collect.ts";
import type {Reading} from "../../stream-bridge/hardware/reading.ts";
import {readingsOf, type HardwareSample} from "../../stream-bridge/hardware/sample.ts";
import {createSampler} from "../../stream-bridge/hardware/sampler.ts";

export const command: Command = {
  name: "hardware",
  summary: "sample this machine's CPU, memory, disk, network, GPU and temperatures (what it exposes, and why not)",
  details: `
Every call is read on every sample here (the bridge reads slow ones less often), so a run
costs a few percent of a core. A reading the machine does not provide prints as "-" with the
reason; rates (disk, network) need two reads, so the first sample has none.
Samples go to stdout (--json: one JSON object per line); progress and alerts go to stderr.

examples:
  pulse hardware --count 3
  pulse hardware --interval 5s --json > hardware.jsonl`,
  options: {
    interval: {type: "duration", help: "time between samples (at least 500ms)", default: "1s"},
    count: {type: "integer", help: "stop after N samples (default: run until interrupted)", min: 1, arg: "N"},
    json: {type: "boolean", help: "print each sample as one line of JSON"}
  },
  async run(options) {
    const intervalMs = options.interval as number;
    if (intervalMs < 500) throw badOption("interval", formatDuration(intervalMs), "at least 500ms");
    const count = options.count as number | undefined;
    const json = options.json === true;
    const sampler = createSampler({intervalMs, historyMs: intervalMs, refreshMs: EVERY_SAMPLE});
    process.stderr.write(`hardware: sampling every ${formatDuration(intervalMs)}${count ? `, ${count} sample${count === 1 ? "" : "s"}` : " until interrupted (Ctrl-C)"}\n`);
    let taken = 0;
    let last: HardwareSample | null = null;
    await new Promise<void>((resolve) => {
      const interrupt = () => resolve();
      process.once("SIGINT", interrupt);
      sampler.onAlert((alert) => process.stderr.write(formatAlert(alert)));
      sampler.onSample((sample) => {
        last = sample;
        process.stdout.write(json ? JSON.stringify(sample) + "\n" : formatSample(sample));
        if (count !== undefined && ++taken >= count) {
          process.off("SIGINT", interrupt);
          resolve();
        }
      });
      sampler.start();
    });
    await sampler.stop();
    if (last) process.stderr.write(summary(last));
    return 0;
  }
};

function formatSample(sample: HardwareSample): string {
  const lines = [new Date(sample.time).toISOString()];
  for (const r of readingsOf(sample)) {
    const name = r.key === null ? r.metric : `${r.metric} [${r.key}]`;
    lines.push(`  ${name.padEnd(34)} ${r.value === null ? `-  (${r.reason})` : `${formatValue(r)}`}`);
  }
  return lines.join("\n") + "\n";
}

function formatValue(r: Reading): string {
  const v = r.value!;
  if (r.unit === "bytes" || r.unit === "bytes/s") return `${formatBytes(v)}${r.unit === "bytes/s" ? "/s" : ""}`;
  return `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 2 : 1)} ${r.unit}`;
}

function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (Math.abs(bytes) >= 1024 && i < units.length - 1) (bytes /= 1024), ++i;
  return `${i ? bytes.toFixed(1) : Math.round(bytes)} ${units[i]}`;
}

function formatAlert(alert: HardwareAlert): string {
  return `hardware: ${alert.severity}: ${alert.message}\n`;
}

/** Which metrics this machine does not provide, once, so users see it without reading every sample. */
function summary(sample: HardwareSample): string {
  const gaps = new Map<string, string>();
  for (const r of readingsOf(sample)) if (r.value === null && !gaps.has(r.metric)) gaps.set(r.metric, r.reason!);
  if (!gaps.size) return "hardware: every reading available\n";
  return `hardware: not available on this machine:\n${[...gaps].map(([metric, reason]) => `  ${metric}: ${reason}\n`).join("")}`;
}
