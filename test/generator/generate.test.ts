import {readFileSync} from "node:fs";
import {beforeAll, describe, expect, it} from "vitest";
import {contractColumns, generateInMemory, readCsv, type Files} from "./memorySinks.ts";

type Row = Record<string, string>;

function rows(bytes: Buffer): Row[] {
  const [header, ...records] = readCsv(bytes);
  return records.map((r) => Object.fromEntries(header.fields.map((name, i) => [name, r.fields[i]])));
}

const cents = (text: string) => Math.round(Number(text) * 100);
const time = (ts: string) => Date.parse(ts);
const amount = (line: Row) => Number(line.quantity) * cents(line.unit_price) - cents(line.discount);

describe("generate (20,000 lines over 30 days, seed 42)", () => {
  let files: Files;
  let transactions: Row[];
  let refunds: Row[];
  let inventory: Row[];
  let products: Row[];
  let stores: Row[];

  beforeAll(async () => {
    ({files} = await generateInMemory({transactions: 20_000}));
    transactions = rows(files.transactions);
    refunds = rows(files.refunds);
    inventory = rows(files.inventory);
    products = rows(files.products);
    stores = rows(files.stores);
  });

  it("writes the columns of docs/CONTRACTS.md in every file, and every row has them all", () => {
    const contract = contractColumns(readFileSync(new URL("../../docs/CONTRACTS.md", import.meta.url), "utf8"));
    const byFile = {
      "store_locations.csv": files.stores,
      "product_catalog.csv": files.products,
      "transactions.csv": files.transactions,
      "refunds.csv": files.refunds,
      "inventory.csv": files.inventory
    };
    expect([...contract.keys()].sort()).toEqual(Object.keys(byFile).sort());
    for (const [file, bytes] of Object.entries(byFile)) {
      const [header, ...records] = readCsv(bytes);
      expect(header.fields, file).toEqual(contract.get(file));
      expect(records.length, file).toBeGreaterThan(0);
      expect(records.filter((r) => r.fields.length !== header.fields.length).map((r) => `${file}:${r.line}`)).toEqual([]);
    }
  });

  it("formats timestamps as ISO UTC seconds and money with two decimals", () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    const money = /^\d+\.\d{2}$/;
    const bad = (list: Row[], check: (row: Row) => boolean) => list.filter((row) => !check(row));
    expect(bad(transactions, (t) => iso.test(t.timestamp) && money.test(t.unit_price) && money.test(t.discount) && /^[1-9]\d*$/.test(t.quantity) && amount(t) > 0)).toEqual([]);
    expect(bad(refunds, (r) => iso.test(r.timestamp) && money.test(r.refund_amount))).toEqual([]);
    expect(bad(inventory, (e) => iso.test(e.timestamp) && /^\d+$/.test(e.quantity))).toEqual([]);
    expect(bad(products, (p) => money.test(p.base_price) && Number(p.starting_stock) > 0 && Number(p.lead_time_days) > 0)).toEqual([]);
    expect(transactions.length).toBe(20_000);
  });

  it("has about 10 stores in several regions and about 200 products in categories with sub-categories", () => {
    expect(stores.length).toBeGreaterThanOrEqual(8);
    expect(new Set(stores.map((s) => s.region)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(stores.map((s) => s.size_sqft)).size).toBe(stores.length);
    expect(products.length).toBeGreaterThanOrEqual(150);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(products.map((p) => p.sub_category)).size).toBeGreaterThan(new Set(products.map((p) => p.category)).size);
  });

  it("refers only to known stores and products and uses the contract's refund reasons", () => {
    const storeIds = new Set(stores.map((s) => s.store_id));
    const productIds = new Set(products.map((p) => p.product_id));
    expect([...transactions, ...refunds, ...inventory].filter((t) => !storeIds.has(t.store_id) || !productIds.has(t.product_id))).toEqual([]);
    const reasons = new Set(refunds.map((r) => r.reason));
    expect([...reasons].sort()).toEqual(["changed_mind", "damaged_shipping", "defective", "not_as_described", "wrong_item"]);
  });

  it("makes every refund match a real line (transaction, product, store, customer), later, for at most its amount", () => {
    const lines = new Map(transactions.map((t) => [`${t.transaction_id}|${t.product_id}`, t]));
    expect(lines.size).toBe(transactions.length);
    const wrong = refunds.filter((r) => {
      const line = lines.get(`${r.original_transaction_id}|${r.product_id}`);
      if (!line || r.store_id !== line.store_id || r.customer_id !== line.customer_id) return true;
      const delay = time(r.timestamp) - time(line.timestamp);
      const refunded = cents(r.refund_amount);
      return delay < 3_600_000 || delay > 16 * 86_400_000 || refunded <= 0 || refunded > amount(line);
    });
    expect(wrong).toEqual([]);
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.some((r) => r.customer_id === "")).toBe(true);
    expect(new Set(refunds.map((r) => r.refund_id)).size).toBe(refunds.length);
  });

  it("refunds 5–10% of lines", () => {
    const rate = refunds.length / transactions.length;
    expect(rate).toBeGreaterThanOrEqual(0.05);
    expect(rate).toBeLessThanOrEqual(0.1);
  });

  it("writes 1–2% of transaction rows out of order, most by seconds to minutes, a few by hours", () => {
    const lateness = outOfOrder(transactions.map((t) => time(t.timestamp)));
    const share = lateness.length / transactions.length;
    expect(share).toBeGreaterThanOrEqual(0.01);
    expect(share).toBeLessThanOrEqual(0.02);
    const far = lateness.filter((ms) => ms > 10 * 60_000);
    expect(far.length).toBeGreaterThanOrEqual(1);
    expect(far.length).toBeLessThanOrEqual(10);
    expect(Math.min(...far)).toBeGreaterThanOrEqual(3_600_000);
    expect(Math.max(...lateness.filter((ms) => ms <= 10 * 60_000))).toBeLessThanOrEqual(240_000);
  });

  it("sorts refunds by time with the same small out-of-orderness, and inventory strictly by time", () => {
    const share = outOfOrder(refunds.map((r) => time(r.timestamp))).length / refunds.length;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(0.03);
    expect(outOfOrder(inventory.map((e) => time(e.timestamp)))).toEqual([]);
  });

  it("builds baskets of 1–6 distinct products, of every size, with guest checkouts among them", () => {
    const baskets = groupBy(transactions, (t) => t.transaction_id);
    const sizes = new Set<number>();
    const odd: string[] = [];
    for (const [id, lines] of baskets) {
      if (new Set(lines.map((l) => l.product_id)).size !== lines.length) odd.push(`${id} repeats a product`);
      for (const key of ["timestamp", "store_id", "customer_id", "payment_method"]) if (new Set(lines.map((l) => l[key])).size !== 1) odd.push(`${id} mixes ${key}`);
      sizes.add(lines.length);
    }
    expect(odd).toEqual([]);
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const guests = transactions.filter((t) => t.customer_id === "").length / transactions.length;
    expect(guests).toBeGreaterThan(0.05);
    expect(guests).toBeLessThan(0.4);
    expect(new Set(transactions.map((t) => t.payment_method))).toEqual(new Set(["card", "cash", "mobile_wallet", "gift_card", "store_credit"]));
  });

  it("sells only in opening hours, busier on Saturdays than Tuesdays and during the promotion, with discounts there", () => {
    const byDay = groupBy(transactions, (t) => t.timestamp.slice(0, 10));
    expect(byDay.size).toBe(30);
    expect(transactions.filter((t) => t.timestamp.slice(11, 13) < "08" || t.timestamp.slice(11, 13) >= "21")).toEqual([]);
    const mean = (days: string[]) => days.reduce((n, d) => n + byDay.get(d)!.length, 0) / days.length;
    const dow = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const days = [...byDay.keys()];
    expect(mean(days.filter((d) => dow(d) === 6))).toBeGreaterThan(1.25 * mean(days.filter((d) => dow(d) === 2)));
    // The promotion: the days where most lines carry a discount.
    const discounted = (d: string) => byDay.get(d)!.filter((t) => cents(t.discount) > 0).length / byDay.get(d)!.length;
    const promo = days.filter((d) => discounted(d) > 0.1);
    expect(promo.length).toBeGreaterThanOrEqual(1);
    expect(promo.length).toBeLessThanOrEqual(3);
    expect(mean(promo)).toBeGreaterThan(1.4 * mean(days.filter((d) => !promo.includes(d))));
  });

  it("never sells from an empty shelf, and a few products run out for days", () => {
    const events = [
      ...inventory.map((e) => ({t: time(e.timestamp), order: 0, cell: `${e.store_id}|${e.product_id}`, type: e.event_type, q: Number(e.quantity)})),
      ...transactions.map((s) => ({t: time(s.timestamp), order: 1, cell: `${s.store_id}|${s.product_id}`, type: "sale", q: Number(s.quantity)}))
    ].sort((a, b) => a.t - b.t || a.order - b.order);
    const stock = new Map<string, number>();
    const emptySince = new Map<string, number>();
    const emptyMs = new Map<string, number>();
    const problems: string[] = [];
    for (const e of events) {
      const before = stock.get(e.cell);
      if (e.type !== "stock_count" && before === undefined) problems.push(`${e.type} before the first stock_count of ${e.cell}`);
      const now = e.type === "stock_count" ? e.q : (before ?? 0) + (e.type === "restock" ? e.q : -e.q);
      stock.set(e.cell, now);
      if (now < 0) problems.push(`${e.cell} at ${new Date(e.t).toISOString()}: ${now}`);
      if (now === 0 && !emptySince.has(e.cell)) emptySince.set(e.cell, e.t);
      if (now > 0 && emptySince.has(e.cell)) {
        emptyMs.set(e.cell, (emptyMs.get(e.cell) ?? 0) + e.t - emptySince.get(e.cell)!);
        emptySince.delete(e.cell);
      }
    }
    expect(problems).toEqual([]);
    const outForDays = new Set([...emptyMs].filter(([, ms]) => ms > 3 * 86_400_000).map(([cell]) => cell.split("|")[1]));
    expect(outForDays.size).toBeGreaterThanOrEqual(2);
    expect(outForDays.size).toBeLessThanOrEqual(20);
    expect(inventory.some((e) => e.event_type === "restock")).toBe(true);
  });

  it("opens every store × product with a stock_count of the catalog's starting stock", () => {
    const first = new Map<string, Row>();
    for (const e of inventory) if (!first.has(`${e.store_id}|${e.product_id}`)) first.set(`${e.store_id}|${e.product_id}`, e);
    expect(first.size).toBe(stores.length * products.length);
    const starting = new Map(products.map((p) => [p.product_id, p.starting_stock]));
    const wrong = [...first.values()].filter((e) => e.event_type !== "stock_count" || e.quantity !== starting.get(e.product_id) || e.timestamp !== "2026-10-01T00:00:00Z");
    expect(wrong).toEqual([]);
  });

  it("has one store earning far less per square foot than all the others", () => {
    const revenue = new Map<string, number>();
    for (const t of transactions) revenue.set(t.store_id, (revenue.get(t.store_id) ?? 0) + amount(t));
    const perSqft = stores.map((s) => ({id: s.store_id, value: revenue.get(s.store_id)! / Number(s.size_sqft)})).sort((a, b) => a.value - b.value);
    expect(perSqft[0].id).toBe("S10");
    expect(perSqft[0].value).toBeLessThan(0.5 * perSqft[1].value);
  });

  it("plants co-purchases with lift at product level (pasta → its sauce) and category level", () => {
    const catalog = new Map(products.map((p) => [p.product_id, p]));
    const lift = (key: (productId: string) => string, a: string, b: string) => {
      const baskets = new Map<string, Set<string>>();
      for (const t of transactions) baskets.set(t.transaction_id, (baskets.get(t.transaction_id) ?? new Set()).add(key(t.product_id)));
      let nA = 0, nB = 0, nAB = 0;
      for (const items of baskets.values()) {
        nA += +items.has(a);
        nB += +items.has(b);
        nAB += +(items.has(a) && items.has(b));
      }
      return {lift: (nAB * baskets.size) / (nA * nB), together: nAB};
    };
    const pasta = products.find((p) => p.name === "Bellissimo Spaghetti 500g")!;
    const sauce = products.find((p) => p.name === "Bellissimo Tomato & Basil Sauce")!;
    const product = lift((id) => id, pasta.product_id, sauce.product_id);
    expect(product.together).toBeGreaterThanOrEqual(10);
    expect(product.lift).toBeGreaterThan(5);
    expect(lift((id) => catalog.get(id)!.category, "Electronics", "Accessories").lift).toBeGreaterThan(2);
    expect(lift((id) => catalog.get(id)!.sub_category, "Pasta", "Pasta Sauce").lift).toBeGreaterThan(2);
  });

  it("has new, lapsed, one-off and frequent customers", () => {
    const visits = new Map<string, {first: number; last: number; baskets: Set<string>}>();
    for (const t of transactions) {
      if (!t.customer_id) continue;
      const v = visits.get(t.customer_id) ?? {first: Infinity, last: -Infinity, baskets: new Set<string>()};
      v.first = Math.min(v.first, time(t.timestamp));
      v.last = Math.max(v.last, time(t.timestamp));
      v.baskets.add(t.transaction_id);
      visits.set(t.customer_id, v);
    }
    const start = time("2026-10-01T00:00:00Z");
    const day = 86_400_000;
    const all = [...visits.values()];
    expect(all.filter((v) => v.first > start + 16 * day && v.baskets.size >= 2).length).toBeGreaterThan(10); // new
    expect(all.filter((v) => v.last < start + 15 * day && v.baskets.size >= 2).length).toBeGreaterThan(10); // lapsed
    expect(all.filter((v) => v.baskets.size === 1).length).toBeGreaterThan(10);
    expect(all.filter((v) => v.baskets.size >= 15).length).toBeGreaterThan(10);
  });
});

describe("generate determinism", () => {
  it("writes the same bytes for the same seed and options, different bytes for another seed", async () => {
    const a = await generateInMemory({seed: 7, transactions: 3000, days: 10});
    const b = await generateInMemory({seed: 7, transactions: 3000, days: 10});
    const c = await generateInMemory({seed: 8, transactions: 3000, days: 10});
    for (const key of Object.keys(a.files) as (keyof Files)[]) expect(a.files[key].equals(b.files[key]), key).toBe(true);
    for (const key of ["transactions", "refunds", "inventory", "products"] as const) expect(a.files[key].equals(c.files[key]), key).toBe(false);
    expect(a.summary).toEqual(b.summary);
  });

  it("honours --start, --days and --transactions", async () => {
    const {files, summary} = await generateInMemory({seed: 1, transactions: 1234, days: 3, start: Date.UTC(2027, 0, 30)});
    const transactions = rows(files.transactions);
    expect(transactions.length).toBe(1234);
    expect(summary.rows.transactions).toBe(1234);
    expect(new Set(transactions.map((t) => t.timestamp.slice(0, 10)))).toEqual(new Set(["2027-01-30", "2027-01-31", "2027-02-01"]));
  });
});

function groupBy(list: Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of list) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Lateness (ms behind the latest timestamp before it) of each row written out of order. */
function outOfOrder(times: number[]): number[] {
  const late: number[] = [];
  let max = -Infinity;
  for (const t of times) {
    if (t < max) late.push(max - t);
    else max = t;
  }
  return late;
}
