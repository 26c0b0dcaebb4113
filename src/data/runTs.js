/**
 * Runs a TypeScript data loader in this process. Framework starts a `.ts` loader with the `tsx`
 * command, which is two processes (tsx's CLI, then node with tsx's module hooks), and every module
 * then goes through those hooks, on another thread, packages included: apache-arrow alone takes
 * 0.7 s that way against 0.27 s plain. A `.js` loader runs in plain node, so each one here imports
 * its heavy packages first, registers tsx's hooks (as bin/pulse.js does) and only then imports its
 * TypeScript: about 0.75 s less per loader. The packages are the same module instances the
 * TypeScript imports later (Node caches modules by resolved URL).
 * Not itself a loader: no second extension.
 * @param {string} module the loader's TypeScript, as a URL (relative to src/data/)
 * @param {string[]} packages imported before the hooks
 */
export async function runTs(module, packages = []) {
  for (const name of ["apache-arrow", ...packages]) await import(name);
  const {register} = await import("tsx/esm/api");
  register();
  await import(new URL(module, import.meta.url).href);
}
