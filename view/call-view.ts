import { callStatusText, type CallStore, type Media } from '../stores/call-store';
import { CALL_TEXT } from '../stores/messages';

/** Everything outgoing.ttml / incoming.ttml bind to, as plain JSON. */
export interface CallView extends Record<string, unknown> {
  peer: string;
  initial: string;
  mediaText: string;
  status: string;
  phase: string;
  canCancel: boolean;
  canAnswer: boolean;
  ended: boolean;
}

/** Which call a call page is about, and what it asked for. */
export interface CallPageRequest {
  /** The page's own call. Another call in the store (one that rang later, or the one that made this
   * dial a refusal) is never shown here: its buttons would act on a call the page does not name. */
  callId: string | null;
  /** Shown while the page's call does not exist (refused, or not started yet). */
  peer?: string;
  media?: Media;
  /** Why the dial was refused (Chinese), if it was. */
  refusal?: string | null;
}

export function selectCallView(store: CallStore | null, page: CallPageRequest): CallView {
  const c = store && store.call && store.call.callId === page.callId ? store.call : null;
  const refusal = page.refusal || null;
  const peer = (c && c.peer) || page.peer || '';
  const media = c ? c.media : page.media || 'audio';
  const ringing = !!c && c.phase === 'ringing';
  return {
    peer,
    initial: peer ? peer.charAt(0).toUpperCase() : '?',
    mediaText: media === 'video' ? CALL_TEXT.video : CALL_TEXT.audio,
    status: refusal || (store ? callStatusText(c) : CALL_TEXT.unavailable),
    phase: refusal || !c ? 'ended' : c.phase,
    canCancel: !refusal && !!c && c.direction === 'out' && (c.phase === 'inviting' || ringing) && c.asking !== 'cancel',
    canAnswer: !refusal && !!c && c.direction === 'in' && ringing && !c.asking,
    ended: !!refusal || !c || c.phase === 'ended',
  };
}
