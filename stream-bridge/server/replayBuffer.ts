/**
 * The last deltas sent, encoded, so a client that reconnects with its last seq gets exactly what
 * it missed. Bounded by count and by bytes; a client further behind gets a fresh snapshot instead.
 */
export interface ReplayBuffer {
  push(seq: number, data: Buffer): void;
  /** The deltas after `seq`, oldest first; [] when `seq` is current; null when they are no longer held. */
  since(seq: number): Buffer[] | null;
  readonly bytes: number;
  readonly size: number;
}

export function createReplayBuffer({maxMessages, maxBytes}: {maxMessages: number; maxBytes: number}): ReplayBuffer {
  const seqs: number[] = [];
  const items: Buffer[] = [];
  let head = 0; // index of the oldest kept item (items before it are dropped lazily)
  let bytes = 0;

  function compact() {
    if (head > 1024 && head * 2 > seqs.length) {
      seqs.splice(0, head);
      items.splice(0, head);
      head = 0;
    }
  }

  return {
    push(seq, data) {
      if (seqs.length > head && seq !== seqs[seqs.length - 1] + 1) throw new RangeError(`replay buffer: seq ${seq} does not follow ${seqs[seqs.length - 1]}`);
      seqs.push(seq);
      items.push(data);
      bytes += data.length;
      while (seqs.length - head > maxMessages || (bytes > maxBytes && seqs.length - head > 0)) {
        bytes -= items[head].length;
        items[head] = undefined as unknown as Buffer;
        ++head;
      }
      compact();
    },
    since(seq) {
      const count = seqs.length - head;
      const last = count ? seqs[seqs.length - 1] : null;
      if (last === null) return null;
      if (seq === last) return [];
      const first = seqs[head];
      if (seq < first - 1 || seq > last) return null;
      return items.slice(head + (seq + 1 - first));
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return seqs.length - head;
    }
  };
}
