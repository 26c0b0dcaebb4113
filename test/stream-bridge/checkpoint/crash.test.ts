import {mkdtemp, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {aggregate, batchTotals, batchWindows, done, generate, get, inputs, killAll, serve, waitUntil, type Serve} from "../server/serveProcess.ts";

let dir: string;
let batch: Record<string, Record<string, unknown>[]>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-crash-"));
  await generate(join(dir, "data"), ["--seed", "5", "--days", "2", "--transactions", "3000", "--dirty"]);
  batch = await aggregate(join(dir, "data"), join(dir, "batch"));
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

/** A small deterministic PRNG so a failing trial can be replayed from its number. */
function random(seed: number) {
  let s = seed * 2654435761;
  return () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function snapshot(url: string, table: string) {
  const response = await get(`${url}/snapshot/${table}.arrow`);
  expect(response.status).toBe(200);
  const arrow = fromArrow(new Uint8Array(response.body));
  expect(arrow.schema.metadata.get("source")).toBe("live");
  return tableRows(arrow);
}

/**
 * One trial: run with checkpoints, kill -9 at a random point of progress (or inside a paused
 * checkpoint write), maybe twice, then restart from the same folder, let it finish and compare with
 * batch. Kill points are chosen by rows read, not by wall time, so a slow machine moves them less.
 */
async function trial(n: number): Promise<{resumed: number; midWrite: boolean}> {
  const rand = random(n + 1);
  const ckpt = join(dir, `ckpt-${n}`);
  const total = batch.kpis[0].rows_read as number;
  const args = [...inputs(join(dir, "data")), "--rate", "5000", "--tick", "50ms", "--checkpoint", ckpt, "--checkpoint-interval", "50ms", "--history", "1000000", "--late-history", "1000000"];
  const midWrite = n % 4 === 3;
  const kills = n % 5 === 0 ? 2 : 1;
  let resumed = 0;
  let written = 0;
  const expectResume = (server: Serve) => {
    const did = /checkpoint: resuming/.test(server.stderr());
    if (written > 0) expect(did, `trial ${n}: a checkpoint was written before the kill, so the restart resumes`).toBe(true);
    if (did) resumed++;
  };
  for (let k = 0; k < kills; ++k) {
    const server = await serve(args, midWrite ? {env: {PULSE_CHECKPOINT_PAUSE_MS: "400"}} : {});
    expectResume(server);
    if (midWrite) {
      await server.waitFor(/checkpoint: write paused/);
      await sleep(rand() * 300);
    } else {
      const target = rand() * total;
      await waitUntil(async () => {
        const health = await server.health();
        return (health.rowsRead >= target || health.status === "done") && health;
      }, 60_000, 10);
    }
    written = Math.max(written, (await server.health()).checkpoint.written);
    await server.kill9();
  }
  if (midWrite) expect((await readdir(ckpt)).some((name) => name.endsWith(".tmp")), "killed inside a write leaves its temp file").toBe(true);
  const server = await serve(args);
  try {
    expectResume(server);
    await done(server);
    expect(batchTotals(await snapshot(server.url, "totals")), `trial ${n}: totals`).toEqual(batchTotals(batch.totals));
    expect(batchWindows(await snapshot(server.url, "windows")), `trial ${n}: windows`).toEqual(batchWindows(batch.windows));
    const [live] = await snapshot(server.url, "kpis");
    const [k] = batch.kpis;
    for (const name of ["rows_read", "rejected", "late", "unmatched_refunds", "transactions", "customers", "units", "net_revenue", "gross_revenue"]) {
      expect(live[name], `trial ${n}: kpis ${name}`).toBe(k[name]);
    }
  } catch (error) {
    throw new Error(`trial ${n}: ${(error as Error).message}\n--- serve stderr:\n${server.stderr()}`, {cause: error});
  } finally {
    await server.stop();
  }
  return {resumed, midWrite};
}

describe("kill -9 and restart from --checkpoint", () => {
  it("ends with the batch totals, windows and kpis in 20 trials, some killed in the middle of a checkpoint write", async () => {
    expect(batch.rejects.length).toBeGreaterThan(0);
    const results: {resumed: number; midWrite: boolean}[] = [];
    // Two trials at a time: each is mostly process start-up and waiting.
    for (let n = 0; n < 20; n += 2) results.push(...(await Promise.all([trial(n), trial(n + 1)])));
    expect(results.filter((r) => r.midWrite)).toHaveLength(5);
    // Most restarts really resume (a kill before the first checkpoint starts over, which is also correct).
    expect(results.filter((r) => r.resumed > 0).length).toBeGreaterThanOrEqual(10);
  }, 300_000);

  it("SIGTERM stops gracefully with a final checkpoint that a restart resumes from", async () => {
    const ckpt = join(dir, "ckpt-sigterm");
    // No periodic checkpoint: the only one is written on SIGTERM.
    const args = [...inputs(join(dir, "data")), "--rate", "3000", "--checkpoint", ckpt, "--checkpoint-interval", "1h", "--history", "1000000"];
    const first = await serve(args);
    await waitUntil(async () => (await first.health()).rowsRead > 500, 60_000, 20);
    expect(await first.stop()).toBe(0);
    expect(first.stderr()).toMatch(/serve: SIGTERM, shutting down\nserve: stopped/);
    const second = await serve(args);
    try {
      expect(second.stderr()).toMatch(/checkpoint: resuming/);
      const resumedAt = (await second.health()).rowsRead;
      expect(resumedAt).toBeGreaterThan(500);
      await done(second);
      expect(batchTotals(await snapshot(second.url, "totals"))).toEqual(batchTotals(batch.totals));
      expect(batchWindows(await snapshot(second.url, "windows"))).toEqual(batchWindows(batch.windows));
    } finally {
      await second.stop();
    }
  }, 120_000);
});
