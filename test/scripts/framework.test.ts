import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {delimiter, join} from "node:path";
import {afterAll, beforeAll, expect, test} from "vitest";
import {exitCode, frameworkEnv, projectRoot, spawnFramework} from "../../scripts/framework.ts";
import {fillNpmCache} from "../../scripts/npmCache.ts";

test("frameworkEnv turns telemetry off and puts tsx on PATH for .ts data loaders", () => {
  const env = frameworkEnv({PATH: "/usr/bin", HOME: "/root"});
  expect(env.OBSERVABLE_TELEMETRY_DISABLE).toBe("1");
  expect(env.PATH?.split(delimiter)).toEqual([join(projectRoot, "node_modules", ".bin"), "/usr/bin"]);
  expect(env.HOME).toBe("/root");
});

// A throwaway Framework project in /tmp with our cache: a page that imports a module we do not ship
// must fail the build, naming the module, instead of reaching for the network.
let project: string;
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "pulse-framework-"));
  await mkdir(join(project, "src"));
  await writeFile(join(project, "observablehq.config.js"), `export default {root: "src", globalStylesheets: [], duckdb: {extensions: {json: null, parquet: null}}};\n`);
  await fillNpmCache(join(project, "src"), {log: () => {}});
});
afterAll(async () => {
  if (project) await rm(project, {recursive: true, force: true});
});

async function build(page: string): Promise<{code: number; output: string}> {
  await writeFile(join(project, "src", "index.md"), page);
  const child = spawnFramework(["build"], {cwd: project, stdio: "pipe"});
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return {code: await exitCode(child), output};
}

// Two builds, each stopping at the first page load (a few seconds each); the full build of our site
// is `npm run build`, which npm test runs next.
test.each([
  ["a module Framework knows but we do not ship", "import _ from \"npm:lodash\";", /offline: npm:lodash is not shipped offline/],
  ["a module nobody listed", "import confetti from \"npm:canvas-confetti\";", /offline: npm:canvas-confetti has no version in the offline npm cache/]
])("a page importing %s fails the build with the module's name", async (_, code, message) => {
  const {code: exit, output} = await build(`# Test\n\n\`\`\`js\n${code}\ndisplay(1);\n\`\`\`\n`);
  expect(exit).not.toBe(0);
  expect(output).toMatch(message);
});
