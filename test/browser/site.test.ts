import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {discoverPages, distDir, launchBrowser, pageName, pageProblems, serveStatic, startPreview, visitPage, type Browser, type Site} from "./harness.ts";

// Every page of the built site, so a page an analyst adds is covered without touching this file.
const pages = await discoverPages(distDir);

for (const [server, start, suffix] of [
  ["the static build (dist/)", () => serveStatic(distDir), ""],
  ["the preview server", () => startPreview(), "--preview"]
] as const) {
  describe(`every page served by ${server}`, () => {
    let browser: Browser;
    let site: Site;
    beforeAll(async () => {
      [browser, site] = await Promise.all([launchBrowser(), start()]);
    });
    afterAll(async () => {
      await Promise.all([browser?.close(), site?.close()]);
    });

    test.each(pages)("%s loads everything from its own origin, without errors, and draws every chart", async (route) => {
      const report = await visitPage(browser.context, site.url, route, {screenshotName: `${pageName(route)}${suffix}`});
      const problems = pageProblems(report);
      if (problems.length) console.error(`${route} on ${site.url}:\n  ${problems.join("\n  ")}`);
      expect(problems).toEqual([]);
      expect(report.requests.length).toBeGreaterThan(0);
    });
  });
}
