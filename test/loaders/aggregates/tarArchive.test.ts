import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {tarArchive} from "../../../loaders/aggregates/tarArchive.ts";

const dir = mkdtempSync(join(tmpdir(), "pulse-tar-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("tarArchive(entries)", () => {
  test("is read back byte for byte by GNU tar, whatever the sizes", () => {
    const entries = [
      {name: "empty.arrow", bytes: new Uint8Array(0)},
      {name: "one.arrow", bytes: new Uint8Array([7])},
      {name: "block.arrow", bytes: new Uint8Array(512).map((_, i) => i % 251)},
      {name: "longer.arrow", bytes: new Uint8Array(1500).map((_, i) => (i * 31) % 256)}
    ];
    const archive = join(dir, "a.tar");
    writeFileSync(archive, tarArchive(entries));
    const out = join(dir, "out");
    execFileSync("mkdir", ["-p", out]);
    execFileSync("tar", ["-xf", archive, "-C", out]);
    expect(execFileSync("tar", ["-tf", archive], {encoding: "utf-8"}).trim().split("\n")).toEqual(entries.map((e) => e.name));
    for (const {name, bytes} of entries) expect(new Uint8Array(readFileSync(join(out, name)))).toEqual(bytes);
  });

  test("gives the same bytes for the same files (no clock inside)", () => {
    const entries = [{name: "x.arrow", bytes: new TextEncoder().encode("hello")}];
    expect(tarArchive(entries)).toEqual(tarArchive(entries));
    expect(tarArchive(entries).length).toBe(512 * 4);
  });

  test("refuses names it cannot store and duplicates", () => {
    expect(() => tarArchive([{name: "a".repeat(101), bytes: new Uint8Array(0)}])).toThrow(/invalid tar entry name/);
    expect(() => tarArchive([{name: "", bytes: new Uint8Array(0)}])).toThrow(/invalid tar entry name/);
    const e = {name: "same.arrow", bytes: new Uint8Array(1)};
    expect(() => tarArchive([e, e])).toThrow(/duplicate tar entry: "same.arrow"/);
  });
});
