import {spawn} from "node:child_process";
import {mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {checkParameters, CHECKPOINT_FILE, createCheckpointStore, type CheckpointBody} from "../../../stream-bridge/checkpoint/checkpointStore.ts";
import {writeFileAtomic} from "../../../stream-bridge/checkpoint/writeFileAtomic.ts";

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), "pulse-checkpoint-"))));
afterEach(() => rm(dir, {recursive: true, force: true}));

const body = (offset: number): CheckpointBody => ({
  savedAt: 1,
  parameters: {windowMs: 60000},
  positions: {transactions: {path: "/data/transactions.csv", offset, line: 3, records: 2, warm: null}},
  lap: 0,
  lapShift: null,
  finished: false,
  engine: {version: 1, counts: [offset]},
  extra: {}
});

describe("createCheckpointStore", () => {
  it("load returns null before the first save, then the last saved checkpoint", async () => {
    const store = createCheckpointStore(join(dir, "nested"));
    expect(await store.load()).toBeNull();
    await store.save(body(10));
    await store.save(body(20));
    const checkpoint = await store.load();
    expect(checkpoint?.positions.transactions.offset).toBe(20);
    expect(checkpoint?.engine).toEqual({version: 1, counts: [20]});
  });

  it("save serializes at call time, so later mutations do not leak into the file", async () => {
    const store = createCheckpointStore(dir);
    const b = body(10);
    const saving = store.save(b);
    (b.engine as any).counts.push(999);
    await saving;
    expect((await store.load())?.engine).toEqual({version: 1, counts: [10]});
  });

  it("rejects a corrupt checkpoint with E_BAD_INPUT", async () => {
    await writeFile(join(dir, CHECKPOINT_FILE), "{\"format\":\"retail-pulse-checkpoint\",");
    await expect(createCheckpointStore(dir).load()).rejects.toMatchObject({code: "E_BAD_INPUT", message: /not JSON/});
    await writeFile(join(dir, CHECKPOINT_FILE), JSON.stringify({format: "retail-pulse-checkpoint", version: 1, positions: {t: {path: "x", offset: -1, line: 1, records: 0, warm: null}}, engine: {}}));
    await expect(createCheckpointStore(dir).load()).rejects.toMatchObject({code: "E_BAD_INPUT", message: /invalid position for t/});
  });

  it("checkParameters names the parameter that differs", async () => {
    const store = createCheckpointStore(dir);
    await store.save(body(1));
    const checkpoint = (await store.load())!;
    expect(() => checkParameters(checkpoint, {windowMs: 60000}, dir)).not.toThrow();
    expect(() => checkParameters(checkpoint, {windowMs: 300000}, dir)).toThrow(/written with windowMs 60000, not 300000/);
  });
});

describe("writeFileAtomic", () => {
  it("a process killed in the middle of a write leaves the previous file intact, and load removes the torn temp file", async () => {
    const store = createCheckpointStore(dir);
    await store.save(body(1));
    const before = await readFile(join(dir, CHECKPOINT_FILE), "utf8");
    const module = resolve("stream-bridge/checkpoint/writeFileAtomic.ts");
    const script = `
      const {writeFileAtomic} = await import(${JSON.stringify(module)});
      await writeFileAtomic(${JSON.stringify(join(dir, CHECKPOINT_FILE))}, "x".repeat(100000), {pauseMs: 30000, onPause: () => console.log("paused")});`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {stdio: ["ignore", "pipe", "inherit"]});
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("paused") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited early: ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
    expect(await readFile(join(dir, CHECKPOINT_FILE), "utf8")).toBe(before);
    expect((await store.load())?.positions.transactions.offset).toBe(1);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toHaveLength(0);
  });

  it("replaces the file's content completely", async () => {
    const path = join(dir, "f.json");
    await writeFileAtomic(path, "a much longer first version");
    await writeFileAtomic(path, "short");
    expect(await readFile(path, "utf8")).toBe("short");
  });
});
