/** How a message names channel `index` (0-based): nothing for mono, L/R for stereo, "ch 3" beyond. */
export function channelName(index: number, channels: number): string {
  if (channels === 1) return '';
  if (channels === 2) return index === 0 ? 'L' : 'R';
  return `ch ${index + 1}`;
}
