/** "1 paper", "75 papers": a count with its noun, singular for one. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
