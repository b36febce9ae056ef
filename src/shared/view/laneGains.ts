/**
 * The gain of every lane of the overview's player: A plays the stems summed at unity (mute and
 * solo as on a console: any solo silences the stems not soloed, mute always wins), B plays the
 * mix alone. Switching A/B only changes gains, so stems and mix stay in lockstep.
 */
export type Monitor = 'stems' | 'mix';

export interface LaneMix {
  path: string;
  kind: 'stem' | 'mix';
  muted: boolean;
  soloed: boolean;
}

export function laneGains(lanes: readonly LaneMix[], monitor: Monitor): Map<string, number> {
  const anySolo = lanes.some((l) => l.kind === 'stem' && l.soloed);
  const gains = new Map<string, number>();
  for (const lane of lanes) {
    if (lane.kind === 'mix') {
      gains.set(lane.path, monitor === 'mix' && !lane.muted ? 1 : 0);
    } else {
      const audible = !lane.muted && (!anySolo || lane.soloed);
      gains.set(lane.path, monitor === 'stems' && audible ? 1 : 0);
    }
  }
  return gains;
}
