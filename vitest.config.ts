import {defineConfig} from "vitest/config";

// Unit and integration tests. Browser tests have their own config (vitest.browser.config.ts)
// because they need a built site and a real Chromium.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks"
  }
});
