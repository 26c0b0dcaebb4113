import {constants} from "node:fs";
import {access, mkdir} from "node:fs/promises";
import {badOption} from "../lib/errors.ts";

/**
 * Creates the folder an option names (and its parents), before a command does any work: a folder
 * that cannot be made or written (a file on the way, no permission, an empty name) is a bad option, one line
 * naming it, not a stack trace after the run.
 */
export async function outputFolder(option: string, path: string): Promise<void> {
  try {
    if (path.trim() === "") throw Object.assign(new Error("empty path"), {code: "ENOENT"});
    await mkdir(path, {recursive: true});
    await access(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : code === "EACCES" || code === "EPERM" || code === "EROFS" ? "no permission to create or write it" : (error as Error).message;
    throw badOption(option, path, `a folder that can be created; ${why}`);
  }
}
