import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {siteStores} from "../../../loaders/site/siteStores.ts";
import {storePageHref, storePageSlug} from "../../../src/components/storePage.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-site-stores-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe("storePageSlug(id)", () => {
  test("a path-safe id is its own path", () => {
    expect(storePageSlug("S01")).toBe("S01");
    expect(storePageSlug("north_store-2")).toBe("north_store-2");
  });

  test("any other id gets its words and a hash: a path, and never another id's", () => {
    const ids = ["Store 1", "Store/1", "Store  1", "Zürich", "../etc", "#", "Store-1"];
    const slugs = ids.map(storePageSlug);
    for (const slug of slugs) expect(slug).toMatch(/^[\w-]+$/);
    expect(new Set(slugs).size).toBe(ids.length);
    expect(slugs[0]).toMatch(/^Store-1-[0-9a-f]{8}$/);
    expect(slugs[5]).toMatch(/^store-[0-9a-f]{8}$/);
    expect(storePageHref("Store 1", "../stores/")).toBe(`../stores/${slugs[0]}`);
  });
});

describe("siteStores(dir)", () => {
  test("every store the sales name gets a page, by id order, with the slug the pages link", async () => {
    writeFileSync(
      join(dir, "transactions.csv"),
      "transaction_id,timestamp,store_id,product_id,quantity,unit_price\nT1,2026-10-01T08:00:00Z,Store 2,P1,1,1.00\nT2,2026-10-01T08:00:00Z,S1,P1,1,1.00\nT3,2026-10-01T08:00:00Z,Store/3,P1,1,1.00\n"
    );
    expect(await siteStores(dir)).toEqual([
      {id: "S1", name: "S1", slug: "S1"},
      {id: "Store 2", name: "Store 2", slug: storePageSlug("Store 2")},
      {id: "Store/3", name: "Store/3", slug: storePageSlug("Store/3")}
    ]);
  });
});
