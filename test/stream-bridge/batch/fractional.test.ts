import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {aggregate} from "../../../stream-bridge/batch/aggregate.ts";
import {duck} from "./oracle.ts";

/**
 * Weighed goods: fractional quantities, prices and discounts finer than a cent. Amounts are quantity ×
 * unit_price − discount computed exactly and rounded once; units sum exactly. The oracle is DuckDB's DECIMAL
 * arithmetic over the same CSV, independent of our number parsing.
 */

const dir = mkdtempSync(join(tmpdir(), "pulse-fractional-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fractional quantities and sub-cent prices", () => {
  it("windows and totals equal DuckDB's DECIMAL GROUP BY: revenue to the cent, units exact", async () => {
    const rand = random(11);
    const lines = ["transaction_id,timestamp,store_id,product_id,quantity,unit_price,discount,payment_method"];
    const start = Date.UTC(2026, 2, 1, 8);
    for (let i = 0; i < 6000; ++i) {
      const time = new Date(start + i * 7_000 + Math.floor(rand() * 5) * 1_000).toISOString().replace(".000Z", "Z");
      const quantity = rand() < 0.5 ? String(1 + Math.floor(rand() * 4)) : (rand() * 5 + 0.1).toFixed(1 + Math.floor(rand() * 3));
      const price = (rand() * 20 + 0.01).toFixed(2 + Math.floor(rand() * 3));
      const discount = rand() < 0.2 && Number(quantity) >= 1 && Number(price) >= 0.1 ? (rand() < 0.5 ? "0.05" : "0.005") : "0.00";
      lines.push(`T${i >> 1},${time},S${i % 4},P${Math.floor(rand() * 30)},${quantity},${price},${discount},${rand() < 0.5 ? "card" : "cash"}`);
    }
    const path = join(dir, "transactions.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    const result = await aggregate({transactions: path}, {windowMs: 60_000, latenessMs: 3_650 * 86_400_000, dimensions: ["all", "store", "product", "payment"]});
    expect(result.rejects.map((r) => `${r.line} ${r.reason} ${r.detail}`)).toEqual([]);

    const {all, close} = await duck();
    try {
      await all(`create table sales as select epoch_ms(strptime(timestamp, '%Y-%m-%dT%H:%M:%SZ')) as ts, store_id, product_id, payment_method,
        quantity::DECIMAL(18, 6) as q, round(quantity::DECIMAL(18, 6) * unit_price::DECIMAL(18, 6) - discount::DECIMAL(18, 6), 2) as amount
        from read_csv('${path}', header = true, all_varchar = true)`);
      const expected = new Map<string, {revenue: number; units: number}>();
      for (const [dimension, key] of [["all", "'all'"], ["store", "store_id"], ["product", "product_id"], ["payment", "payment_method"]]) {
        const rows = await all(`select (ts // 60000) * 60000 as start, ${key} as key, sum(amount)::VARCHAR as revenue, sum(q)::VARCHAR as units from sales group by all`);
        for (const row of rows) expected.set(`${row.start}|${dimension}|${row.key}`, {revenue: Math.round(Number(row.revenue) * 100), units: Number(row.units)});
      }
      const w = result.windows;
      expect(w.length).toBe(expected.size);
      let checked = 0;
      for (let i = 0; i < w.length; ++i) {
        const want = expected.get(`${w.windowStart[i]}|${w.dimension[i]}|${w.key[i]}`);
        expect([w.revenue[i], w.units[i]]).toEqual([want?.revenue, want?.units]);
        ++checked;
      }
      expect(checked).toBe(expected.size);
      // The totals: gross revenue in cents and units, the exact decimal sums (as the nearest doubles).
      const [total] = await all(`select (sum(amount) * 100)::BIGINT as cents, sum(q)::VARCHAR as units from sales`);
      expect([result.kpis.grossRevenue, result.kpis.units]).toEqual([Number(total.cents), Number(total.units)]);
      const all_ = result.totals.find((t) => t.dimension === "all")!;
      expect(all_.units).toBe(Number(total.units));
    } finally {
      close();
    }
  });
});
