import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {connect, generate, get, killAll, spawnServe, waitUntil} from "./serveProcess.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulse-hw-"));
  await generate(join(dir, "data"), ["--seed", "2", "--days", "1", "--transactions", "300"]);
});
afterAll(async () => {
  await killAll();
  await rm(dir, {recursive: true, force: true});
});

describe("the hardware channel (--hardware-interval)", () => {
  it("streams tidy readings to clients and serves them as /snapshot/hardware.arrow", async () => {
    const server = await spawnServe(["--data", join(dir, "data"), "--speed", "max", "--hardware-interval", "500ms"]);
    try {
      const client = connect(server.ws);
      await waitUntil(() => (client.state.tables.hardware?.rows.size ?? 0) > 0 && client.messages.some((m) => m.type === "delta" && m.tables.hardware), 30_000);
      const rows = [...client.state.tables.hardware.rows.values()];
      expect(Object.keys(rows[0])).toEqual(["time", "metric", "key", "value", "unit", "source", "reason"]);
      const load = rows.find((r) => r.metric === "cpu.load")!;
      expect(load.value === null ? typeof load.reason : typeof load.value).toBe(load.value === null ? "string" : "number");
      expect(Math.abs((load.time as number) - Date.now())).toBeLessThan(60_000);
      const response = await get(`${server.url}/snapshot/hardware.arrow`);
      expect(response.status).toBe(200);
      const table = fromArrow(new Uint8Array(response.body));
      expect(table.schema.metadata.get("source")).toBe("live");
      expect(table.schema.fields.map((f) => f.name)).toEqual(["time", "metric", "key", "value", "unit", "source", "reason"]);
      expect(tableRows(table).some((r) => r.metric === "cpu.load")).toBe(true);
      client.socket.close();
    } finally {
      await server.stop();
    }
  });

  it("is off with --hardware-interval 0: no hardware table in hello or the snapshot, and /snapshot/hardware.arrow is a 404", async () => {
    const server = await spawnServe(["--data", join(dir, "data"), "--speed", "max", "--hardware-interval", "0"]);
    try {
      const client = connect(server.ws);
      await client.reach(0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(client.state.tables.hardware).toBeUndefined();
      const hello = client.messages.find((m) => m.type === "hello") as {tables: string[]};
      expect(hello.tables).not.toContain("hardware");
      expect(hello.tables).toContain("windows");
      expect((await get(`${server.url}/snapshot/hardware.arrow`)).status).toBe(404);
      client.socket.close();
    } finally {
      await server.stop();
    }
  });
});
