import {describe, expect, it} from "vitest";
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
    const categoryOf = new Map([
      ["P1", "Produce"],
      ["P2", "Produce"],
      ["P3", "Household"]
    ]);
    const {baskets, unmapped} = transactionBaskets(lines, categoryOf);
    expect(baskets).toEqual([["Produce"], ["Household"]]);
    expect(unmapped).toEqual(new Map([["P9", 1]]));
  });
});
