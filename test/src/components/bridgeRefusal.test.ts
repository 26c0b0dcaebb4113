import {describe, expect, test} from "vitest";
// @ts-expect-error: a page module in plain JavaScript, without types
import {refusal} from "../../../src/components/bridgeRefusal.js";

describe("refusal(error, origin)", () => {
  test("says what to do when the bridge refuses the page (close codes of docs/protocol.md)", () => {
    expect(refusal("closed by the bridge: 4003 origin not allowed", "http://127.0.0.1:8899")).toBe("the bridge refuses this page's origin: start it with --origins http://127.0.0.1:8899");
    expect(refusal("closed by the bridge: 4001 unauthorized", undefined)).toMatch(/token/);
    expect(refusal("closed by the bridge: 4029 too many clients", undefined)).toMatch(/--max-clients/);
  });

  test("is null for errors a retry can mend", () => {
    expect(refusal("connection failed or lost", "http://x")).toBeNull();
    expect(refusal("closed by the bridge: 1001 server shutting down", "http://x")).toBeNull();
    expect(refusal(null, "http://x")).toBeNull();
  });
});
