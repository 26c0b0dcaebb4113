import {tableFromIPC} from "npm:apache-arrow";

/**
 * Loads Arrow files attached to a page, all at once: {name: FileAttachment} → {name: Arrow Table}.
 * It reads each file whole (arrayBuffer) instead of FileAttachment.arrow(): Arrow's streaming
 * reader stops at the end-of-stream marker and cancels the response body, which the browser
 * reports as a failed request (net::ERR_ABORTED) whenever the last bytes had not arrived yet.
 * @param {Record<string, {arrayBuffer(): Promise<ArrayBuffer>} | null>} files
 * @returns {Promise<Record<string, import("apache-arrow").Table | null>>}
 */
export async function loadTables(files) {
  const entries = await Promise.all(
    Object.entries(files).map(async ([name, file]) => [name, file ? tableFromIPC(new Uint8Array(await file.arrayBuffer())) : null])
  );
  return Object.fromEntries(entries);
}
