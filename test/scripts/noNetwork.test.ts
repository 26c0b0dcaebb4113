import {createServer} from "node:http";
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import {explainBlockedFetch, installNoNetwork, parseNpmPath} from "../../scripts/noNetwork.ts";
import {UNSHIPPED_VERSION} from "../../scripts/npmModules.ts";

describe("explainBlockedFetch(url) names what Framework wanted", () => {
  test("an unshipped module, as Framework would fetch it from jsDelivr", () => {
    expect(explainBlockedFetch(`https://cdn.jsdelivr.net/npm/lodash@${UNSHIPPED_VERSION}/+esm`)).toBe(
      "offline: npm:lodash is not shipped offline (it is in unshippedModules); every npm: module must be listed in scripts/npmModules.ts (see docs/offline-framework.md)"
    );
  });

  test("a file of a scoped module missing from the cache", () => {
    expect(explainBlockedFetch("https://cdn.jsdelivr.net/npm/@uwdata/vgplot@0.10.0/dist/x.wasm")).toMatch(/^offline: npm:@uwdata\/vgplot\/dist\/x\.wasm \(version 0\.10\.0\) is not in the offline npm cache;/);
  });

  test("a version lookup on the npm registry (a module with no folder in the cache)", () => {
    expect(explainBlockedFetch("https://registry.npmjs.org/canvas-confetti")).toMatch(/^offline: npm:canvas-confetti has no version in the offline npm cache/);
    expect(explainBlockedFetch("https://registry.npmjs.org/@scope/thing/latest")).toMatch(/^offline: npm:@scope\/thing has no version/);
    expect(explainBlockedFetch("https://registry.npmjs.org/@scope/thing/next")).toMatch(/^offline: npm:@scope\/thing@next has no version/);
  });

  test("a DuckDB extension download points at the config", () => {
    expect(explainBlockedFetch("https://extensions.duckdb.org/v1.1.1/wasm_eh/json.duckdb_extension.wasm")).toMatch(/DuckDB extension .*duckdb\.extensions/);
  });

  test("anything else", () => {
    expect(explainBlockedFetch("https://example.com/x")).toBe("offline: refused to fetch https://example.com/x");
  });
});

test("parseNpmPath reads jsDelivr's name@version/path", () => {
  expect(parseNpmPath("@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm")).toEqual({name: "@duckdb/duckdb-wasm", version: "1.29.0", path: "dist/duckdb-eh.wasm"});
  expect(parseNpmPath("d3@7.9.2/+esm")).toEqual({name: "d3", version: "7.9.2", path: "+esm"});
  expect(parseNpmPath("htl")).toEqual({name: "htl", version: undefined, path: ""});
});

describe("installNoNetwork()", () => {
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    vi.restoreAllMocks();
  });

  test("refuses any non-loopback request with the explanation, before any connection", async () => {
    installNoNetwork();
    await expect(fetch(`https://cdn.jsdelivr.net/npm/lodash@${UNSHIPPED_VERSION}/+esm`)).rejects.toThrow(/npm:lodash is not shipped offline/);
    await expect(fetch(new URL("http://10.0.0.1/"))).rejects.toThrow(/refused to fetch http:\/\/10\.0\.0\.1\//);
  });

  test("lets loopback requests through", async () => {
    const server = createServer((_, res) => res.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      installNoNetwork();
      const {port} = server.address() as {port: number};
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("local");
    } finally {
      server.close();
    }
  });
});
