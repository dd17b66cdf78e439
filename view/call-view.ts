import { callStatusText, type CallStore } from '../stores/call-store';
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

export function selectCallView(store: CallStore | null, fallbackPeer = '', refusal: string | null = null): CallView {
  const c = store ? store.call : null;
  const peer = (c && c.peer) || fallbackPeer;
  const media = c ? c.media : 'audio';
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
