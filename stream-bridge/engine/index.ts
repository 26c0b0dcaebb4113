export {createEngine, restoreEngine, validateOptions} from "./engine.ts";
export * from "./types.ts";
