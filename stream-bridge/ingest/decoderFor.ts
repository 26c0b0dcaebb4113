/** The text encodings a mapping's `"encoding"` names (docs/engine.md): UTF-8, the default, and Windows-1252. */
export type Encoding = "utf-8" | "windows-1252";

/** Decodes bytes [start, end) of a buffer to a string. */
export type Decode = (buf: Buffer, start: number, end: number) => string;

/**
 * Windows-1252 at 0x80–0x9F, where it differs from Latin-1 (the five unassigned bytes stay C1
 * controls, as the WHATWG decoder has them). Node 20's TextDecoder("windows-1252") decodes as
 * Latin-1, so "–" (0x96) would come out as U+0096: hence this table.
 */
const CP1252_HIGH = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

const utf8: Decode = (buf, start, end) => buf.utf8Slice(start, end);
const windows1252: Decode = (buf, start, end) => buf.latin1Slice(start, end).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);

/** The decoder of a file's text: every byte sequence is text in Windows-1252, only valid UTF-8 in UTF-8. */
export function decoderFor(encoding: Encoding = "utf-8"): Decode {
  return encoding === "windows-1252" ? windows1252 : utf8;
}

/** Names a mapping may give for each encoding (lower case; Latin-1 is read as its superset Windows-1252, as browsers do). */
export const ENCODING_NAMES: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
  latin1: "windows-1252",
  "latin-1": "windows-1252",
  "iso-8859-1": "windows-1252"
};
