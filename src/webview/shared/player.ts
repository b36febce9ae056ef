import type { OverviewLane } from '../../shared/overviewMessages';
import { maxPcmFrames, type PcmBody } from '../../shared/audioData';
import { laneSegment, type Timeline } from '../../shared/view/lanePlacement';

/** Seconds of audio scheduled ahead of the play position. */
const LOOKAHEAD_SEC = 3;
/** Longest chunk asked of the server per lane (within its own limit). */
const CHUNK_SEC = 2;
/** Time from pressing Play to the first sample: the first chunk is fetched before it. */
const START_DELAY_SEC = 0.1;
/** Gain changes (mute, solo, A/B) glide this long so they do not click. */
const GAIN_GLIDE_SEC = 0.005;

type FetchPcm = (path: string, startFrame: number, frames: number) => Promise<PcmBody>;

/** What the player needs of a lane: its identity (a path) and the shape of its samples. */
export type PlayerLane = Pick<OverviewLane, 'path' | 'sampleRate' | 'channels'>;

interface Session {
  /** Timeline frame that plays at context time t0. */
  startFrame: number;
  t0: number;
  /** Next timeline frame to schedule. */
  nextFrame: number;
  sources: Set<AudioBufferSourceNode>;
  stopped: boolean;
}

/**
 * Plays the overview's lanes with Web Audio, every lane in lockstep: the timeline is cut into
 * chunks, each lane's part of a chunk is fetched from the host (deliverables/pcm, a few seconds at
 * most) and started at the exact context time of its first timeline frame, so chunks abut sample
 * for sample and every lane lines up as the timeline places it. The context runs at the timeline's
 * rate (no resampling when the files share it). Mute, solo and A/B only change lane gains. The
 * waveform editor plays its one file with it too.
 */
export class Player {
  private context: AudioContext | null = null;
  private gains = new Map<string, GainNode>();
  private session: Session | null = null;
  /** Frames scheduled in the current session (shown on the page for tests and curious people). */
  scheduledFrames = 0;

  constructor(
    private readonly fetchPcm: FetchPcm,
    private readonly events: { status(text: string): void; playing(on: boolean): void; scheduled(frames: number): void },
  ) {}

  get playing(): boolean {
    return this.session !== null && !this.session.stopped;
  }

  /** The timeline frame heard now, or null when stopped. */
  position(): number | null {
    const s = this.session;
    if (!s || s.stopped || !this.context) return null;
    return s.startFrame + Math.max(0, this.context.currentTime - s.t0) * this.context.sampleRate;
  }

  async play(timeline: Timeline, lanes: readonly PlayerLane[], fromFrame: number, gains: ReadonlyMap<string, number>): Promise<void> {
    this.stop();
    const context = this.contextAt(timeline.sampleRate);
    await context.resume();
    this.gains = new Map(lanes.map((lane) => {
      const node = context.createGain();
      node.gain.value = gains.get(lane.path) ?? 0;
      node.connect(context.destination);
      return [lane.path, node];
    }));
    const chunk = Math.min(Math.round(CHUNK_SEC * timeline.sampleRate), ...lanes.map((l) => maxPcmFrames(l.sampleRate, l.channels)));
    const session: Session = { startFrame: Math.max(0, Math.floor(fromFrame)), t0: 0, nextFrame: 0, sources: new Set(), stopped: false };
    session.nextFrame = session.startFrame;
    this.session = session;
    this.scheduledFrames = 0;
    this.events.playing(true);
    this.events.status('');
    try {
      // Two chunks before the first sound, so a busy machine has a whole chunk of time for the next.
      const opening = await Promise.all([0, 1].map((i) => this.fetchChunk(timeline, lanes, session.startFrame + i * chunk, chunk)));
      if (session.stopped) return;
      // On a whole sample of the context clock, so every start below is a whole sample too.
      session.t0 = Math.ceil((context.currentTime + START_DELAY_SEC) * context.sampleRate) / context.sampleRate;
      for (const parts of opening) if (session.nextFrame < timeline.totalFrames) this.schedule(context, session, parts, chunk);
      while (!session.stopped && session.nextFrame < timeline.totalFrames) {
        const ahead = session.t0 + (session.nextFrame - session.startFrame) / context.sampleRate - context.currentTime;
        if (ahead > LOOKAHEAD_SEC) {
          await delay((ahead - LOOKAHEAD_SEC) * 1000 + 50);
          continue;
        }
        const parts = await this.fetchChunk(timeline, lanes, session.nextFrame, chunk);
        if (session.stopped) return;
        this.schedule(context, session, parts, chunk);
      }
      if (session.stopped) return;
      const end = session.t0 + (timeline.totalFrames - session.startFrame) / context.sampleRate;
      await delay(Math.max(0, end - context.currentTime) * 1000);
      if (!session.stopped) this.stop();
    } catch (err) {
      if (!session.stopped) {
        this.stop();
        this.events.status(`Playback stopped: ${(err as Error).message}`);
      }
    }
  }

  stop(): void {
    const s = this.session;
    if (!s) return;
    s.stopped = true;
    for (const source of s.sources) {
      source.onended = null;
      source.stop();
      source.disconnect();
    }
    s.sources.clear();
    for (const node of this.gains.values()) node.disconnect();
    this.gains.clear();
    this.session = null;
    this.events.playing(false);
  }

  setGains(gains: ReadonlyMap<string, number>): void {
    if (!this.context) return;
    const now = this.context.currentTime;
    for (const [path, node] of this.gains) node.gain.setTargetAtTime(gains.get(path) ?? 0, now, GAIN_GLIDE_SEC);
  }

  private contextAt(sampleRate: number): AudioContext {
    if (this.context && this.context.sampleRate !== sampleRate) {
      void this.context.close();
      this.context = null;
    }
    this.context ??= new AudioContext({ sampleRate, latencyHint: 'playback' });
    return this.context;
  }

  /** Every lane's part of [start, start + frames), fetched together. */
  private fetchChunk(timeline: Timeline, lanes: readonly PlayerLane[], start: number, frames: number) {
    return Promise.all(timeline.lanes.map(async (placed, i) => {
      const segment = laneSegment(placed, start, frames);
      if (!segment) return null;
      const body = await this.fetchPcm(lanes[i]!.path, segment.fileStartFrame, segment.frames);
      return { path: lanes[i]!.path, atTimelineFrame: segment.atTimelineFrame, body };
    }));
  }

  private schedule(context: AudioContext, session: Session, parts: Array<{ path: string; atTimelineFrame: number; body: PcmBody } | null>, chunk: number): void {
    const chunkStart = session.nextFrame;
    const when = session.t0 + (chunkStart - session.startFrame) / context.sampleRate;
    if (when < context.currentTime) throw new Error('the samples came too late (the machine is busy); press Play again');
    for (const part of parts) {
      if (!part || part.body.frames === 0) continue;
      const gain = this.gains.get(part.path);
      if (!gain) continue;
      const buffer = context.createBuffer(part.body.channels.length, part.body.frames, part.body.sampleRate);
      part.body.channels.forEach((data, ch) => buffer.copyToChannel(decodeFloats(data), ch));
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(gain);
      source.onended = () => session.sources.delete(source);
      session.sources.add(source);
      source.start(session.t0 + (part.atTimelineFrame - session.startFrame) / context.sampleRate);
    }
    session.nextFrame = chunkStart + chunk;
    this.scheduledFrames += chunk;
    this.events.scheduled(this.scheduledFrames);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Base64 little-endian Float32 (deliverables/pcm) to samples. */
export function decodeFloats(base64: string): Float32Array<ArrayBuffer> {
  const binary = atob(base64);
  if (binary.length % 4 !== 0) throw new Error('sample data is not whole float32 values');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}
