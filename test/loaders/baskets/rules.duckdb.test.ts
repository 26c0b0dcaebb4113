import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {describe, expect, it} from "vitest";
import {parseBaskets} from "../../../loaders/baskets/parseBaskets.ts";
import {rules} from "../../../loaders/baskets/rules.ts";

const groceries = resolve(import.meta.dirname, "../../../../shared/data/groceries.csv");

// DuckDB as an independent oracle: every rule from itemsets of two and three items, by SQL joins.
const sql = (path: string) => `
  with lines as (select row_number() over () as b, line from read_csv('${path}', columns = {'line': 'VARCHAR'}, delim = '|', header = false, quote = '')),
  items as (select distinct b, trim(unnest(string_split(line, ','))) as item from lines),
  n as (select count(*)::DOUBLE as n from lines),
  c1 as (select item, count(*) as c from items group by item having count(*) >= 10),
  c2 as (select x.item as a, y.item as b, count(*) as c from items x join items y on x.b = y.b and x.item < y.item
         group by all having count(*) >= 10),
  c3 as (select x.item as a, y.item as b, z.item as c_, count(*) as c from items x join items y on x.b = y.b and x.item < y.item
         join items z on z.b = x.b and y.item < z.item group by all having count(*) >= 10),
  rules as (
    select [a] as lhs, b as rhs, c2.c as xy, l.c as x from c2 join c1 l on l.item = a
    union all select [b], a, c2.c, l.c from c2 join c1 l on l.item = b
    union all select [c3.a, c3.b], c3.c_, c3.c, l.c from c3 join c2 l on l.a = c3.a and l.b = c3.b
    union all select [c3.a, c3.c_], c3.b, c3.c, l.c from c3 join c2 l on l.a = c3.a and l.b = c3.c_
    union all select [c3.b, c3.c_], c3.a, c3.c, l.c from c3 join c2 l on l.a = c3.b and l.b = c3.c_)
  select array_to_string(lhs, '+') || ' => ' || rhs as rule, xy
  from rules where xy / x >= 0.5 order by rule`;

describe("rules against DuckDB", () => {
  it("finds exactly the Groceries rules of two and three items that SQL joins find", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(sql(groceries));
    const expected = reader.getRowObjectsJson().map((row) => `${row.rule} ${row.xy}`);
    connection.closeSync();
    instance.closeSync();

    const result = rules(parseBaskets(readFileSync(groceries, "utf8")), {minSupport: 0.001, minConfidence: 0.5, maxLength: 3});
    const actual = result.rules.map((r) => `${r.antecedent.join("+")} => ${r.consequent[0]} ${r.count}`).sort();
    expect(expected.length).toBeGreaterThan(1000);
    expect(actual).toEqual(expected.sort());
  });
});
