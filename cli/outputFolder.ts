import {constants} from "node:fs";
import {access, mkdir, stat} from "node:fs/promises";
import {dirname, resolve} from "node:path";
import {badOption} from "../lib/errors.ts";

/**
 * Creates the folder an option names (and its parents), before a command does any work: a folder
 * that cannot be made or written (a file on the way, no permission, an empty name) is a bad option, one line
 * naming it, not a stack trace after the run.
 */
export async function outputFolder(option: string, path: string): Promise<void> {
  try {
    if (path.trim() === "") throw Object.assign(new Error("empty path"), {code: "ENOENT"});
    await makeFolders(resolve(path));
    await access(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : code === "EACCES" || code === "EPERM" || code === "EROFS" ? "no permission to create or write it" : (error as Error).message;
    throw badOption(option, path, `a folder that can be created; ${why}`);
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir spins forever where a folder cannot be made
 * but its parent exists (ENOENT from mkdir under /proc), so the missing folders are found with stat
 * and each made once; any failure is thrown as is.
 */
async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), {code: "ENOTDIR"});
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch(async (error: NodeJS.ErrnoException) => {
      // Made meanwhile by another process: fine if it is a folder (access() then checks it is writable).
      if (error.code !== "EEXIST") throw error;
      if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), {code: "ENOTDIR"});
    });
  }
}
