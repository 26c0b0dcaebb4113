import {mkdir, readdir, readFile, unlink} from "node:fs/promises";
import {join} from "node:path";
import {PulseError} from "../../lib/errors.ts";
import type {EngineState} from "../engine/types.ts";
import {isAtomicTemp, writeFileAtomic, type AtomicWriteOptions} from "./writeFileAtomic.ts";

export const CHECKPOINT_FILE = "checkpoint.json";
const FORMAT = "retail-pulse-checkpoint";

/**
 * Where to resume one source: the byte just after the last record the engine received, the line of
 * the next record, how many records went through duplicate detection, and where to start re-reading
 * so that detection remembers the same records (see stream-bridge/replay/sources.ts).
 */
export interface SourcePosition {
  path: string;
  offset: number;
  line: number;
  records: number;
  warm: {offset: number; line: number; records: number} | null;
}

/**
 * Everything needed to resume, captured at one point between two engine pushes (so positions
 * and engine state agree): no event before the positions is missing from the engine state and
 * none after them is in it.
 */
export interface Checkpoint {
  format: typeof FORMAT;
  version: 1;
  savedAt: number;
  /** Options that change what the state means (window, lateness, ...); a resume must use the same. */
  parameters: Record<string, unknown>;
  positions: Record<string, SourcePosition>;
  /** --loop: lap number and the time shift per lap (null until the first lap ended). */
  lap: number;
  lapShift: number | null;
  /** True once the input ended and the engine was finished. */
  finished: boolean;
  engine: EngineState;
  /** Small server-side state kept across restarts (recent rejects, ...). */
  extra: Record<string, unknown>;
}

export type CheckpointBody = Omit<Checkpoint, "format" | "version">;

export interface CheckpointStore {
  readonly dir: string;
  /** The last complete checkpoint, or null when there is none. Removes temp files of torn writes. */
  load(): Promise<Checkpoint | null>;
  /** Serializes now (synchronously, so later engine changes cannot leak in), then writes atomically. */
  save(body: CheckpointBody): Promise<void>;
}

export function createCheckpointStore(dir: string, options: AtomicWriteOptions = {}): CheckpointStore {
  const path = join(dir, CHECKPOINT_FILE);
  return {
    dir,
    async load() {
      await mkdir(dir, {recursive: true});
      for (const name of await readdir(dir)) if (isAtomicTemp(name, CHECKPOINT_FILE)) await unlink(join(dir, name)).catch(() => {});
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw new PulseError("E_IO", `cannot read checkpoint ${path}: ${(error as Error).message}`);
      }
      return parseCheckpoint(text, path);
    },
    save(body) {
      const text = JSON.stringify({format: FORMAT, version: 1, ...body});
      return mkdir(dir, {recursive: true}).then(() => writeFileAtomic(path, text, options));
    }
  };
}

export function parseCheckpoint(text: string, path = CHECKPOINT_FILE): Checkpoint {
  let value: any;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PulseError("E_BAD_INPUT", `checkpoint ${path} is not JSON`);
  }
  if (value?.format !== FORMAT || value.version !== 1) throw new PulseError("E_BAD_INPUT", `checkpoint ${path} has an unknown format or version`);
  if (typeof value.positions !== "object" || value.positions === null) throw new PulseError("E_BAD_INPUT", `checkpoint ${path} has no positions`);
  for (const [name, p] of Object.entries<any>(value.positions)) {
    if (
      typeof p?.path !== "string" ||
      !Number.isSafeInteger(p.offset) ||
      p.offset < 0 ||
      !Number.isSafeInteger(p.line) ||
      p.line < 1 ||
      !Number.isSafeInteger(p.records) ||
      p.records < 0 ||
      (p.warm !== null && !(Number.isSafeInteger(p.warm?.offset) && Number.isSafeInteger(p.warm?.line) && Number.isSafeInteger(p.warm?.records)))
    ) {
      throw new PulseError("E_BAD_INPUT", `checkpoint ${path}: invalid position for ${name}`);
    }
  }
  if (typeof value.engine !== "object" || value.engine === null) throw new PulseError("E_BAD_INPUT", `checkpoint ${path} has no engine state`);
  return {lap: 0, lapShift: null, finished: false, extra: {}, parameters: {}, ...value};
}

/** Throws E_BAD_INPUT naming the first parameter that differs from the checkpoint's. */
export function checkParameters(checkpoint: Checkpoint, parameters: Record<string, unknown>, dir: string): void {
  for (const [name, value] of Object.entries(parameters)) {
    const saved = checkpoint.parameters[name];
    if (JSON.stringify(saved) !== JSON.stringify(value)) {
      throw new PulseError(
        "E_BAD_INPUT",
        `checkpoint in ${dir} was written with ${name} ${JSON.stringify(saved)}, not ${JSON.stringify(value)} (use another --checkpoint directory)`
      );
    }
  }
}
