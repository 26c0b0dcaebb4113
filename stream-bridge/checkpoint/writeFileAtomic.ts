import {open, rename, unlink} from "node:fs/promises";
import {basename, dirname, join} from "node:path";

export interface AtomicWriteOptions {
  /**
   * Test hook: pause this long after writing the first half of the temp file, so a test can
   * kill the process in the middle of a write. `onPause` is called when the pause starts.
   */
  pauseMs?: number;
  onPause?: () => void;
}

/**
 * Replaces `path` with `data` so that a crash at any point leaves either the old file or the new
 * one, never a torn mix: write a temp file in the same directory, fsync it, rename it over the
 * target, then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const file = await open(temp, "wx");
  try {
    const half = bytes.length >> 1;
    await file.write(bytes, 0, half, 0);
    if (options.pauseMs) {
      options.onPause?.();
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
    await file.write(bytes, half, bytes.length - half, half);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await file.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on a directory (EINVAL); the rename is as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== "EINVAL") throw error;
  } finally {
    await handle.close();
  }
}

/** True for the temp files writeFileAtomic leaves behind when killed mid-write. */
export function isAtomicTemp(name: string, target: string): boolean {
  return name.startsWith(`.${target}.`) && name.endsWith(".tmp");
}
