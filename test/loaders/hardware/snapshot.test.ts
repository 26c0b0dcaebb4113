import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {afterEach, describe, expect, it} from "vitest";
import {hardwareToArrow} from "../../../loaders/hardware/arrow.ts";
import {hardwareSnapshot} from "../../../loaders/hardware/snapshot.ts";
import {fromArrow, tableRows} from "../../../loaders/io/arrow.ts";
import {createSampler, type SamplerOptions} from "../../../stream-bridge/hardware/sampler.ts";
import {vmEnvironment, vmWithoutSensors} from "../../stream-bridge/hardware/fakes.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL where nothing listens (a port we bound and released). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const fakeSampler = (options: SamplerOptions) => createSampler({...options, si: vmWithoutSensors(), environment: vmEnvironment});

describe("hardwareSnapshot", () => {
  it("returns the live bridge's snapshot when one answers", async () => {
    const sampler = fakeSampler({});
    await sampler.sample();
    const bytes = hardwareToArrow(sampler.history(), {source: "live bridge"});
    const paths: string[] = [];
    const url = await serve((req, res) => {
      paths.push(req.url!);
      res.writeHead(200, {"content-type": "application/vnd.apache.arrow.file"}).end(bytes);
    });
    const lines: string[] = [];
    const snapshot = await hardwareSnapshot({bridgeUrl: url, log: (l) => lines.push(l), createSampler: () => {
      throw new Error("must not sample locally");
    }});
    expect(paths).toEqual(["/snapshot/hardware.arrow"]);
    expect(snapshot.source).toBe("live bridge");
    expect(Buffer.from(snapshot.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(lines.join("\n")).toMatch(/readings from the live bridge/);
  });

  it("samples this machine when no bridge listens, and says so in the metadata", async () => {
    const lines: string[] = [];
    const snapshot = await hardwareSnapshot({bridgeUrl: await deadUrl(), samples: 2, intervalMs: 500, createSampler: fakeSampler, log: (l) => lines.push(l)});
    expect(snapshot.source).toBe("local sample");
    const table = fromArrow(snapshot.bytes);
    expect(table.schema.metadata.get("source")).toBe("local sample");
    expect(JSON.parse(table.schema.metadata.get("input_rows")!)).toEqual({samples: 2});
    expect(new Set(tableRows(table).map((r) => r.time)).size).toBe(2);
    expect(lines[0]).toMatch(/no bridge at .*ECONNREFUSED.*sampling this machine instead/);
  });

  it("samples locally when the bridge answers 404 (hardware sampling off) or not in time", async () => {
    const off = await serve((_, res) => void res.writeHead(404).end("no hardware"));
    expect((await hardwareSnapshot({bridgeUrl: off, samples: 1, createSampler: fakeSampler, log: () => {}})).source).toBe("local sample");
    const hung = await serve(() => {});
    const lines: string[] = [];
    const started = performance.now();
    expect((await hardwareSnapshot({bridgeUrl: hung, timeoutMs: 200, samples: 1, createSampler: fakeSampler, log: (l) => lines.push(l)})).source).toBe("local sample");
    expect(performance.now() - started).toBeLessThan(3000);
    expect(lines[0]).toMatch(/timed out/);
  });

  it("fails, naming the URL, when the bridge answers something that is not Arrow", async () => {
    const url = await serve((_, res) => void res.writeHead(200).end("<html>not arrow</html>"));
    await expect(hardwareSnapshot({bridgeUrl: url, createSampler: fakeSampler, log: () => {}})).rejects.toThrow(`${url}/snapshot/hardware.arrow did not return an Arrow file`);
  });
});
