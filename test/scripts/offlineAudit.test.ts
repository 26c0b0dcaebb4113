import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {auditSite, auditText} from "../../scripts/offlineAudit.ts";

describe("auditText(file, text)", () => {
  test("flags Framework's default Google Fonts stylesheet in a page", () => {
    const html = `<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin><link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Source+Serif+4&display=swap">`;
    expect(auditText("index.html", html)).toEqual([
      {file: "index.html", url: "https://fonts.gstatic.com", kind: "resource"},
      {file: "index.html", url: "https://fonts.googleapis.com/css2?family=Source+Serif+4&display=swap", kind: "resource"}
    ]);
  });

  test("flags scripts and module preloads from any other origin, protocol-relative included", () => {
    const html = `<script type="module" src="//example.com/a.js"></script><link rel="modulepreload" href="https://cdn.jsdelivr.net/npm/d3@7/+esm">`;
    expect(auditText("a.html", html).map((f) => f.url)).toEqual(["//example.com/a.js", "https://cdn.jsdelivr.net/npm/d3@7/+esm"]);
  });

  test("does not flag links a reader may follow, local resources, data: URLs or loopback", () => {
    const html = `<a href="https://observablehq.com/">Observable</a><link rel="icon" href="data:image/svg+xml,x"><script src="./_observablehq/client.js"></script><img src="http://127.0.0.1:8787/x.png">`;
    expect(auditText("index.html", html)).toEqual([]);
  });

  test("flags CSS that imports or loads from another origin", () => {
    const css = `@import url("https://fonts.googleapis.com/css2?family=X");@import "https://example.com/a.css";.a{background:url(https://example.com/b.png)}.b{background:url(./c.png)}`;
    expect(auditText("_import/style.css", css).map((f) => f.url)).toEqual(["https://fonts.googleapis.com/css2?family=X", "https://example.com/b.png", "https://example.com/a.css"]);
  });

  test("flags a CDN host anywhere in JavaScript, except DuckDB's known getJsDelivrBundles() string in its own bundle", () => {
    const js = `const base = "https://cdn.jsdelivr.net/npm/";`;
    expect(auditText("_npm/@observablehq/plot@0.6.17/a30f903c.js", js)).toEqual([{file: "_npm/@observablehq/plot@0.6.17/a30f903c.js", url: "https://cdn.jsdelivr.net/npm/", kind: "cdn"}]);
    expect(auditText("_npm/@duckdb/duckdb-wasm@1.29.0/2ac564ee.js", js)).toEqual([]);
    expect(auditText("_npm/@duckdb/duckdb-wasm@1.29.0/2ac564ee.js", `import("https://cdn.jsdelivr.net/npm/x@1/+esm")`).length).toBe(1);
  });

  test("ignores XML namespaces and other non-CDN hosts in JavaScript", () => {
    expect(auditText("a.js", `createElementNS("http://www.w3.org/2000/svg", "g"); // https://github.com/d3/d3`)).toEqual([]);
  });
});

test("auditSite(dir) reads every text file of a built site and skips binaries", async () => {
  const dir = await mkdtemp(join(tmpdir(), "pulse-audit-"));
  try {
    await mkdir(join(dir, "_import"), {recursive: true});
    await writeFile(join(dir, "index.html"), `<script src="./_import/a.js"></script>`);
    await writeFile(join(dir, "_import", "a.js"), `import x from "https://esm.sh/x";`);
    await writeFile(join(dir, "_import", "b.wasm"), "https://cdn.jsdelivr.net/npm/");
    expect(await auditSite(dir)).toEqual([{file: "_import/a.js", url: "https://esm.sh/x", kind: "cdn"}]);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
});
