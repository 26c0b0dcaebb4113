import {defineConfig} from "vitest/config";

// Real-browser tests: Debian's Chromium against the built site (dist/, so run `npm run build` first)
// and against the Framework preview server. One file at a time: the machine has two cores.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false
  }
});
