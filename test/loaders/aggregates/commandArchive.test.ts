import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {commandArchive} from "../../../loaders/aggregates/commandArchive.ts";

const root = resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "pulse-command-archive-"));
const data = join(dir, "data");

beforeAll(() => {
  execFileSync(process.execPath, ["bin/pulse.js", "generate", "--seed", "3", "--days", "21", "--transactions", "3000", "--out", data], {cwd: root, stdio: "ignore"});
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function untar(bytes: Uint8Array, name: string): Map<string, Buffer> {
  const archive = join(dir, `${name}.tar`);
  const out = join(dir, name);
  writeFileSync(archive, bytes);
  execFileSync("mkdir", ["-p", out]);
  execFileSync("tar", ["-xf", archive, "-C", out]);
  const names = execFileSync("tar", ["-tf", archive], {encoding: "utf-8"}).trim().split("\n");
  return new Map(names.map((n) => [n, readFileSync(join(out, n))]));
}

describe("commandArchive(runs)", () => {
  test("archives what pulse forecast writes, as IPC streams with the command's metadata, and keeps its stdout off the loader's", async () => {
    const written: string[] = [];
    const write = process.stdout.write;
    // Anything reaching the real stdout would corrupt a Framework loader's output file.
    process.stdout.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    let bytes: Uint8Array;
    try {
      bytes = await commandArchive([
        {
          command: "forecast",
          args: (out) => ["--transactions", join(data, "transactions.csv"), "--inventory", join(data, "inventory.csv"), "--products", join(data, "product_catalog.csv"), "--trees", "5", "--backtest-days", "7", "--horizon", "7", "--out", out]
        }
      ]);
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual([]);
    const files = untar(bytes, "forecast");
    expect([...files.keys()].sort()).toEqual(["backtest.arrow", "forecast.arrow", "inventory.arrow"]);
    for (const file of files.values()) {
      expect(file.subarray(0, 6).toString("latin1")).not.toBe("ARROW1");
      const table = tableFromIPC(file);
      expect(table.numRows).toBeGreaterThan(0);
      expect(table.schema.metadata.get("source")).toBe("batch");
      expect(JSON.parse(table.schema.metadata.get("parameters")!).trees).toBe(5);
    }
    // The same command run by the CLI gives the same tables.
    const cli = join(dir, "cli");
    execFileSync(process.execPath, ["bin/pulse.js", "forecast", "--transactions", join(data, "transactions.csv"), "--inventory", join(data, "inventory.csv"), "--products", join(data, "product_catalog.csv"), "--trees", "5", "--backtest-days", "7", "--horizon", "7", "--out", cli], {cwd: root, stdio: "ignore"});
    for (const [name, file] of files) {
      const rows = (bytes: Uint8Array) => tableFromIPC(bytes).toArray().map((r) => JSON.stringify(r.toJSON()));
      expect(rows(file)).toEqual(rows(readFileSync(join(cli, name))));
    }
  });

  test("fails, naming the command, when it fails", async () => {
    await expect(commandArchive([{command: "forecast", args: (out) => ["--transactions", join(dir, "missing.csv"), "--inventory", join(data, "inventory.csv"), "--out", out]}])).rejects.toThrow(/^pulse forecast: .*missing\.csv/);
  });
});
