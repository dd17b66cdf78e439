// Pure: whose streams this phone subscribes to, from what is on screen. A phone decodes only a few
// videos (Volcengine's mini-program SDK: 6 streams for one Android user) and a user may subscribe at
// most 30 streams (room limits), so the room joins with autoSubscribe: false and asks for these.

export interface SubscriptionCaps {
  /** Videos decoded at once, the stage's screen share included. */
  video: number;
  /** Audio streams, within the platform's per-user stream cap together with video. */
  audio: number;
}

/** Defaults: a page of 6 tiles (or 5 + a share) and the remaining 24 of the 30-stream cap for audio. */
export const DEFAULT_CAPS: SubscriptionCaps = { video: 6, audio: 24 };

export interface PlanInput {
  /** Remote ids whose tiles are on screen now, in display order. */
  onScreen: readonly string[];
  /** The remote screen share on stage, if any. */
  stage: string | null;
  /** Remote ids publishing camera video (a set when the caller already keeps one). */
  videoPublishers: readonly string[] | ReadonlySet<string>;
  /** Every remote member, in join order. */
  members: readonly string[];
  /** Remote ids in the speakers list. */
  speakers: readonly string[];
}

export interface SubscriptionPlan {
  screen: string[];
  video: string[];
  audio: string[];
  /** If the platform takes only streamType 'both': the people on screen, within the video cap. */
  both: string[];
}

export function planSubscriptions(input: PlanInput, caps: SubscriptionCaps = DEFAULT_CAPS): SubscriptionPlan {
  const v = planVideo(input, caps);
  return { screen: v.screen, video: v.video, audio: planAudio(input, caps), both: v.both };
}

/** The video half: depends on the page, the stage and who publishes video, not on who talks. */
function planVideo(
  input: Pick<PlanInput, 'onScreen' | 'stage' | 'videoPublishers'>,
  caps: SubscriptionCaps = DEFAULT_CAPS,
): Pick<SubscriptionPlan, 'screen' | 'video' | 'both'> {
  const screen = input.stage && caps.video > 0 ? [input.stage] : [];
  const pubs = input.videoPublishers;
  const publishing: ReadonlySet<string> = pubs instanceof Set ? pubs : new Set(pubs as readonly string[]);
  const video: string[] = [];
  const videoRoom = caps.video - screen.length;
  for (const id of input.onScreen) {
    if (video.length >= videoRoom) break;
    if (publishing.has(id)) video.push(id);
  }
  return { screen, video, both: input.onScreen.slice(0, Math.max(0, videoRoom)) };
}

/** The audio half: whoever is presenting, then whoever talks, then who is on screen, then everyone else. */
function planAudio(input: Pick<PlanInput, 'onScreen' | 'stage' | 'members' | 'speakers'>, caps: SubscriptionCaps = DEFAULT_CAPS): string[] {
  const audio: string[] = [];
  const seen = new Set<string>();
  if (input.stage) addAudio([input.stage], seen, audio, caps.audio);
  addAudio(input.speakers, seen, audio, caps.audio);
  addAudio(input.onScreen, seen, audio, caps.audio);
  addAudio(input.members, seen, audio, caps.audio);
  return audio;
}

/** Appends the ids not taken yet, up to the cap (a function, not a closure: runs on every speaker event). */
function addAudio(ids: readonly string[], seen: Set<string>, audio: string[], cap: number): void {
  for (let i = 0; i < ids.length && audio.length < cap; i++) {
    const id = ids[i];
    if (!seen.has(id)) {
      seen.add(id);
      audio.push(id);
    }
  }
}
