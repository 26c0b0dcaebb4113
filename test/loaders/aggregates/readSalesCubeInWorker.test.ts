import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readSalesCube} from "../../../loaders/aggregates/readSalesCube.ts";
import {readSalesCubeInWorker} from "../../../loaders/aggregates/readSalesCubeInWorker.ts";
import {generate} from "../../stream-bridge/batch/oracle.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pulse-cube-worker-"));
  generate(dir, "--transactions", "3000", "--days", "2");
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("readSalesCubeInWorker(dir, log)", () => {
  it("gives readSalesCube's cube and log lines from a worker thread", async () => {
    const lines: string[] = [];
    const here: string[] = [];
    const fromWorker = await readSalesCubeInWorker(dir, (line) => lines.push(line));
    const own = await readSalesCube(dir, (line) => here.push(line));
    expect(fromWorker).toEqual(own);
    expect(lines).toEqual(here);
    expect(own.inputRows.sales).toBe(3000);
  });

  it("fails as readSalesCube does on a folder without transactions.csv", async () => {
    const empty = join(dir, "nothing-here");
    const inProcess = await readSalesCube(empty).then(() => null, (error: Error & {code?: string}) => error);
    expect(inProcess).not.toBeNull();
    await expect(readSalesCubeInWorker(empty)).rejects.toMatchObject({message: inProcess!.message, ...(inProcess!.code ? {code: inProcess!.code} : {})});
  });
});
