/**
 * --loop: how far each lap moves event times. A whole number of hops, so every lap's windows line
 * up with the first lap's, and just enough that no window holds events of two laps: the next lap's
 * first window starts one hop after this lap's last window start, and (because an event lies in its
 * first window, at most W − hop past its start) its first event comes after this lap's last window ends.
 */
export function lapShift(span: {min: number; max: number}, windowMs: number, hopMs = windowMs): number {
  const firstStart = (Math.floor((span.min - windowMs) / hopMs) + 1) * hopMs;
  const lastStart = Math.floor(span.max / hopMs) * hopMs;
  return lastStart - firstStart + hopMs;
}
