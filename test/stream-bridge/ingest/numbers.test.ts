import {describe, expect, it} from "vitest";
import {exactAmountCents, plainNumberText} from "../../../stream-bridge/ingest/numbers.ts";

describe("plainNumberText", () => {
  const us = {decimal: ".", currency: "$", thousands: ","};
  const eu = {decimal: ",", currency: "€", thousands: "."};
  it.each([
    ["$1,234.50", us, "1234.50"],
    ["-$4.99", us, "-4.99"],
    ["$-4.99", us, "-4.99"],
    [" 12 $ ", us, "12"],
    ["1,234,567", us, "1234567"],
    ["1.240,20 €", eu, "1240.20"],
    ["€ 3", eu, "3"],
    ["1\u00a0234,5", {decimal: ",", currency: null, thousands: " "}, "1234.5"],
    ["1'234.50", {decimal: ".", currency: "CHF", thousands: "'"}, "1234.50"],
    ["CHF 1'234.50", {decimal: ".", currency: "CHF", thousands: "'"}, "1234.50"]
  ])("%s → %s", (text, style, plain) => {
    expect(plainNumberText(text, style)).toBe(plain);
  });

  it.each([
    ["12,34", us],
    ["1,2345", us],
    [",123", us],
    ["$", us],
    ["--1", us],
    ["+$+5", us],
    ["-$-5", us],
    ["+-5", us],
    ["£4.99", us],
    ["1.234", {decimal: ".", currency: null, thousands: null}]
  ])("%s is not a number", (text, style) => {
    // "1.234" under thousands null is a plain decimal: it parses, as 1.234.
    if (text === "1.234") expect(plainNumberText(text, style)).toBe("1.234");
    else expect(plainNumberText(text, style)).toBeNull();
  });
});

describe("exactAmountCents", () => {
  it("multiplies the exact decimals, subtracts the discount and rounds once, half away from zero", () => {
    expect(exactAmountCents("10.5", "3.499")).toBe(3674); // 36.7395, not 10.5 × 3.50 = 36.75
    expect(exactAmountCents("0.333", "1.005")).toBe(33); // 0.334665, not 0.333 × 1.01 = 0.34
    expect(exactAmountCents("0.285", "1")).toBe(29); // 0.285 × 100 is 28.499999999999996 in doubles
    expect(exactAmountCents("3", "0.125")).toBe(38); // 0.375 → 0.38
    expect(exactAmountCents("1", "12")).toBe(1200);
    expect(exactAmountCents("2.5", "1.01")).toBe(253); // 2.525 → 2.53
    // The discount is subtracted before the one rounding.
    expect(exactAmountCents("1", "1.00", "0.005")).toBe(100); // 0.995 → 1.00, not 1.00 − 0.01
    expect(exactAmountCents("1", "1.004", "0.005")).toBe(100); // 0.999
    expect(exactAmountCents("2", "0.10", "0.20")).toBe(0);
    expect(exactAmountCents("2", "0.10", "0.201")).toBeNull(); // the discount exceeds quantity × unit_price
    expect(exactAmountCents("123456789.123456", "98765.4321")).toBe(1219326312345671); // 12,193,263,123,456.712085…, by Python's Decimal
  });
});
