import type {Reading} from "./reading.ts";
import {readingsOf, type HardwareSample} from "./sample.ts";

export type Severity = "warning" | "critical";

/** A threshold on one metric: alert when `samples` consecutive fresh readings reach a level. */
export interface Threshold {
  warning?: number;
  critical?: number;
  /** Consecutive readings at or above the level before it alerts (default 1). */
  samples?: number;
}

export interface HardwareThresholds {
  cpuTemperature: Threshold;
  cpuLoad: Threshold;
  memory: Threshold;
  disk: Threshold;
  gpuTemperature: Threshold;
}

export const DEFAULT_THRESHOLDS: Readonly<HardwareThresholds> = {
  cpuTemperature: {warning: 80, critical: 95},
  cpuLoad: {warning: 90, samples: 5},
  memory: {warning: 90},
  disk: {warning: 90},
  gpuTemperature: {warning: 85, critical: 95}
};

const METRICS: Record<keyof HardwareThresholds, {metric: string; label: string}> = {
  cpuTemperature: {metric: "cpu.temperature", label: "CPU temperature"},
  cpuLoad: {metric: "cpu.load", label: "CPU load"},
  memory: {metric: "memory.used_percent", label: "memory use"},
  disk: {metric: "disk.used_percent", label: "disk use"},
  gpuTemperature: {metric: "gpu.temperature", label: "GPU temperature"}
};

export interface HardwareAlert {
  id: string;
  severity: Severity;
  kind: "hardware";
  /** Metric, plus the key for per-mount or per-GPU metrics: "disk.used_percent /". */
  subject: string;
  message: string;
  value: number;
  threshold: number;
  time: number;
}

interface State {
  level: Severity | null;
  warningRun: number;
  criticalRun: number;
  lastAt: number;
}

/**
 * Edge-triggered threshold checks: an alert when a reading crosses up into warning or critical,
 * none while it stays there, re-armed once it reads below the warning level. A null reading
 * never alerts; it breaks a run of consecutive readings but does not re-arm. Readings repeated
 * from cache (same `at`) are counted once.
 */
export function hardwareAlerts(thresholds: Partial<HardwareThresholds> = {}) {
  const rules = (Object.keys(METRICS) as (keyof HardwareThresholds)[]).map((name) => ({...METRICS[name], ...DEFAULT_THRESHOLDS[name], ...thresholds[name]}));
  const states = new Map<string, State>();
  return {
    check(sample: HardwareSample): HardwareAlert[] {
      const alerts: HardwareAlert[] = [];
      for (const reading of readingsOf(sample)) {
        const rule = rules.find((r) => r.metric === reading.metric);
        const alert = rule ? step(rule, reading, sample.time) : null;
        if (alert) alerts.push(alert);
      }
      return alerts;
    }
  };

  function step(rule: (typeof rules)[number], reading: Reading, time: number): HardwareAlert | null {
    const id = `${reading.metric}\u0000${reading.key ?? ""}`;
    let state = states.get(id);
    if (!state) states.set(id, (state = {level: null, warningRun: 0, criticalRun: 0, lastAt: -Infinity}));
    if (reading.at === state.lastAt) return null;
    state.lastAt = reading.at;
    const value = reading.value;
    if (value === null) {
      state.warningRun = state.criticalRun = 0;
      return null;
    }
    const needed = rule.samples ?? 1;
    state.warningRun = rule.warning !== undefined && value >= rule.warning ? state.warningRun + 1 : 0;
    state.criticalRun = rule.critical !== undefined && value >= rule.critical ? state.criticalRun + 1 : 0;
    const level: Severity | null = state.criticalRun >= needed ? "critical" : state.warningRun >= needed ? "warning" : null;
    if (level === null) {
      // Re-arm only on a real reading below warning (a short dip between warning and critical keeps it).
      if (rule.warning === undefined || value < rule.warning) state.level = null;
      else if (state.level === "critical" && (rule.critical === undefined || value < rule.critical)) state.level = "warning";
      return null;
    }
    if (state.level === level || (state.level === "critical" && level === "warning")) {
      state.level = level;
      return null;
    }
    state.level = level;
    const threshold = level === "critical" ? rule.critical! : rule.warning!;
    const subject = reading.key === null ? reading.metric : `${reading.metric} ${reading.key}`;
    const sustained = needed > 1 ? ` for ${needed} readings` : "";
    return {
      id: `hardware:${subject}:${level}:${time}`,
      severity: level,
      kind: "hardware",
      subject,
      message: `${rule.label}${reading.key === null ? "" : ` (${reading.key})`} ${format(value)} ${reading.unit} at or above ${level} threshold ${threshold} ${reading.unit}${sustained}`,
      value,
      threshold,
      time
    };
  }
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
