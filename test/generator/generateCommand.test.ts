import {execFile} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, describe, expect, it, vi} from "vitest";
import {main} from "../../cli/main.ts";
import {FILES} from "../../generator/generate.ts";
import {generateInMemory} from "./memorySinks.ts";

const run = promisify(execFile);
const bin = new URL("../../bin/pulse.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "pulse-generate-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Runs `pulse generate` in this process; returns the exit code and what went to stderr. */
async function generateCli(args: string[]): Promise<{code: number; stderr: string}> {
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return {code: await main(["generate", ...args]), stderr};
  } finally {
    spy.mockRestore();
  }
}

describe("pulse generate options", () => {
  it.each([
    [["--days", "0"], "--days"],
    [["--days", "many"], "--days"],
    [["--transactions", "0"], "--transactions"],
    [["--transactions", "1.5"], "--transactions"],
    [["--seed", "-1"], "--seed"],
    [["--seed", "x"], "--seed"],
    [["--start", "2026-02-30"], "--start"],
    [["--start", "yesterday"], "--start"],
    [["--start", "9999-12-30", "--days", "5"], "--days"],
    [["--out", ""], "--out"],
    [["--colour", "red"], "--colour"],
    [["--days"], "--days"]
  ])("rejects %j with exit 2 and one line naming %s", async (args, name) => {
    const {code, stderr} = await generateCli(args[0] === "--out" ? args : [...args, "--out", join(dir, "never")]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain(name);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});

describe("pulse generate", () => {
  it("writes the same bytes as the library, then manifests with --dirty, and removes them on a clean run", async () => {
    const out = join(dir, "set");
    const args = ["generate", "--seed", "3", "--days", "5", "--transactions", "2500", "--out", out];
    const {stdout, stderr} = await run(process.execPath, [bin, ...args, "--dirty"]);
    expect(JSON.parse(stdout).rows.transactions).toBe(2500);
    expect(stderr).toMatch(/2500 lines/);
    const manifest = JSON.parse(readFileSync(join(out, "dirty_manifest.json"), "utf8"));
    const dirty = await generateInMemory({seed: 3, days: 5, transactions: 2500, dirty: true});
    expect(manifest).toEqual(dirty.manifest);
    expect(JSON.parse(readFileSync(join(out, "dirty_valid.json"), "utf8"))).toEqual(dirty.valid);

    await run(process.execPath, [bin, ...args]);
    const clean = await generateInMemory({seed: 3, days: 5, transactions: 2500});
    for (const [key, name] of Object.entries(FILES)) expect(readFileSync(join(out, name)).equals(clean.files[key as keyof typeof FILES]), name).toBe(true);
    expect(existsSync(join(out, "dirty_manifest.json"))).toBe(false);
    expect(existsSync(join(out, "dirty_valid.json"))).toBe(false);
    expect(existsSync(join(out, "transactions.csv.partial"))).toBe(false);
  });
});
