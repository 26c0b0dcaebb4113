/**
 * Starts slow work (DuckDB-WASM: seconds to fetch and compile its wasm on two cores) once the page
 * has drawn, and hands it back in a box: `{ready: Promise}`. The box matters: Framework's runtime
 * awaits a cell's promise value before it runs the cells that use it, so a bare promise would hold
 * back every chart again. The start waits for the browser to be idle (the first charts drawn) or
 * `timeout` ms at most, so the compile does not compete with the first render for the two cores.
 * @template T
 * @param {() => Promise<T>} start
 * @param {{timeout?: number}} [options]
 * @returns {{ready: Promise<T>}}
 */
export function inBackground(start, {timeout = 500} = {}) {
  const idle = new Promise((resolve) => (typeof requestIdleCallback === "function" ? requestIdleCallback(resolve, {timeout}) : setTimeout(resolve, 0)));
  const ready = idle.then(start);
  // A failure surfaces where a cell awaits `ready`; this only keeps it from being reported twice.
  ready.catch(() => {});
  return {ready};
}
