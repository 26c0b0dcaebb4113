import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {FILES} from "../../generator/generate.ts";
import {generateInMemory} from "./memorySinks.ts";

describe("data/", () => {
  it("holds exactly what `npm run generate` writes (seed 42, 30 days from 2026-10-01)", async () => {
    const {files} = await generateInMemory({seed: 42, days: 30, start: Date.UTC(2026, 9, 1), transactions: 30 * 1600});
    for (const [key, name] of Object.entries(FILES)) {
      const committed = readFileSync(new URL(`../../data/${name}`, import.meta.url));
      expect(committed.equals(files[key as keyof typeof FILES]), `data/${name} is stale: run npm run generate`).toBe(true);
    }
  });
});
