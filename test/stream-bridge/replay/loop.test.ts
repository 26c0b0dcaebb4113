import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {connect, generate, inputs, killAll, serve, waitUntil} from "../server/serveProcess.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-loop-"));
  await generate(join(dir, "data"), ["--seed", "21", "--days", "1", "--transactions", "1200"]);
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

/** Start of the minute of the earliest sale: the first window of lap 0. */
async function firstSaleMinute(): Promise<number> {
  const [header, ...lines] = (await readFile(join(dir, "data", "transactions.csv"), "utf8")).trim().split("\n");
  const at = header.split(",").indexOf("timestamp");
  const first = Math.min(...lines.map((line) => Date.parse(line.split(",")[at])));
  return Math.floor(first / 60_000) * 60_000;
}

describe("pulse serve --loop", () => {
  it("replays the input lap after lap, each lap's windows equal to the first lap's shifted by the lap shift", async () => {
    const server = await serve([...inputs(join(dir, "data")), "--loop", "--speed", "max", "--history", "1000000", "--tick", "50ms"]);
    try {
      await waitUntil(async () => (await server.health()).lap >= 3, 60_000, 50);
      const shift = Number(/replay: lap 1 \(event times shifted by (\d+) ms\)/.exec(server.stderr())![1]);
      expect(server.stderr()).toMatch(new RegExp(`replay: lap 2 \\(event times shifted by ${2 * shift} ms\\)`));
      // `lap` counts the reader's laps, which can run ahead of the engine on a loaded machine: wait
      // until the engine's watermark has made every compared window of lap 1 final.
      const lap1Final = (await firstSaleMinute()) + 2 * shift + 60_000;
      await waitUntil(async () => (await server.health()).watermark >= lap1Final, 60_000, 50);
      const client = connect(server.ws);
      await waitUntil(() => client.state.seq >= 0 && client.messages.some((m) => m.type === "snapshot"));
      client.socket.close();
      const rows = [...client.state.tables.windows.rows.values()].filter((r) => r.final);
      const sale = (r: any) => [r.revenue, r.units, r.lines, r.transactions, r.customers].join(" ");
      const byId = new Map(rows.map((r) => [`${r.dimension}|${r.key}|${r.windowStart}`, r]));
      const first = Math.min(...rows.map((r) => r.windowStart as number));
      const lap0 = rows.filter((r) => (r.windowStart as number) < first + shift && (r.lines as number) > 0);
      expect(lap0.length).toBeGreaterThan(100);
      for (const r of lap0) {
        const next = byId.get(`${r.dimension}|${r.key}|${(r.windowStart as number) + shift}`);
        expect(next && sale(next), `${r.dimension}|${r.key}|${r.windowStart}`).toBe(sale(r));
      }
    } finally {
      await server.stop();
    }
  });
});
