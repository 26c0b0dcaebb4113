import {describe, expect, it} from "vitest";
import {parseCatalog} from "../../../loaders/baskets/parseCatalog.ts";
import {transactionBaskets} from "../../../loaders/baskets/transactionBaskets.ts";

const lines = [
  {transactionId: "T1", productId: "P1"},
  {transactionId: "T1", productId: "P2"},
  {transactionId: "T2", productId: "P3"},
  {transactionId: "T1", productId: "P1"},
  {transactionId: "T2", productId: "P9"}
];

describe("transactionBaskets", () => {
  it("makes one basket of distinct products per transaction", () => {
    expect(transactionBaskets(lines).baskets).toEqual([
      ["P1", "P2"],
      ["P3", "P9"]
    ]);
  });

  it("maps products to categories, merging products of one category and counting unmapped lines", () => {
    const categoryOf = parseCatalog("product_id,name,category,base_price\nP1,Apple,Produce,1.00\nP2,Pear,Produce,1.20\nP3,\"Soap, mild\",Household,2.50\n");
    const {baskets, unmapped} = transactionBaskets(lines, categoryOf);
    expect(baskets).toEqual([["Produce"], ["Household"]]);
    expect(unmapped).toEqual(new Map([["P9", 1]]));
  });
});

describe("parseCatalog", () => {
  it("finds columns by header name and names what is missing", () => {
    expect(parseCatalog("category,product_id\nToys,P7\n")).toEqual(new Map([["P7", "Toys"]]));
    expect(() => parseCatalog("id,category\nP1,Toys\n")).toThrow(/found: id, category/);
  });
});
