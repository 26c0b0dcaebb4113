/**
 * A minimal ustar writer, so one data loader can hand Observable Framework several Arrow files from
 * one computation (Framework extracts `data/x/name.arrow` from the `data/x.tar` a loader writes).
 * Regular files only, names up to 100 bytes, mtime 0: the same files give the same bytes.
 */

export interface TarEntry {
  name: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

export function tarArchive(entries: readonly TarEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const size = entries.reduce((n, e) => n + BLOCK + Math.ceil(e.bytes.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let offset = 0;
  const seen = new Set<string>();
  for (const {name, bytes} of entries) {
    const nameBytes = encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 100) throw new RangeError(`invalid tar entry name: ${JSON.stringify(name)} (1 to 100 bytes)`);
    if (seen.has(name)) throw new RangeError(`duplicate tar entry: ${JSON.stringify(name)}`);
    seen.add(name);
    const header = out.subarray(offset, offset + BLOCK);
    header.set(nameBytes, 0);
    field(header, 100, 8, octal(0o644, 7));
    field(header, 108, 8, octal(0, 7));
    field(header, 116, 8, octal(0, 7));
    field(header, 124, 12, octal(bytes.length, 11));
    field(header, 136, 12, octal(0, 11));
    header.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
    header[156] = 0x30; // "0": regular file
    field(header, 257, 6, "ustar\0");
    field(header, 263, 2, "00");
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${octal(sum, 6)}\0 `);
    out.set(bytes, offset + BLOCK);
    offset += BLOCK + Math.ceil(bytes.length / BLOCK) * BLOCK;
  }
  return out;
}

function octal(value: number, width: number): string {
  const text = value.toString(8);
  if (text.length > width) throw new RangeError(`tar field overflow: ${value}`);
  return text.padStart(width, "0") + (width === 6 ? "" : "\0");
}

function field(header: Uint8Array, at: number, length: number, text: string): void {
  for (let i = 0; i < text.length && i < length; ++i) header[at + i] = text.charCodeAt(i);
}
