// An RtcRoom whose calls succeed at once and whose list events the bench emits directly: measures
// the store → view → diff → setData path alone, without the simulated cloud's own work.
import type { RtcEventMap, RtcMethod, RtcRoom } from '../../services/rtc/rtc-room';

type Listeners = { [K in keyof RtcEventMap]?: Array<(payload: RtcEventMap[K]) => void> };

export class ScriptedRtcRoom implements RtcRoom {
  private listeners: Listeners = {};
  private isDisposed = false;

  get disposed(): boolean {
    return this.isDisposed;
  }
  supports(_method: RtcMethod): boolean {
    return true;
  }
  supportsEvent(_event: keyof RtcEventMap): boolean {
    return true;
  }
  join(): Promise<void> {
    return Promise.resolve();
  }
  exit(): Promise<void> {
    this.dispose();
    return Promise.resolve();
  }
  park(): void {
    this.dispose();
  }
  setAudioCapture(): Promise<void> {
    return Promise.resolve();
  }
  setVideoCapture(): Promise<void> {
    return Promise.resolve();
  }
  switchCamera(): Promise<void> {
    return Promise.resolve();
  }
  setAudioPlaybackDevice(): Promise<void> {
    return Promise.resolve();
  }
  setPublishState(): Promise<void> {
    return Promise.resolve();
  }
  setSubscribeState(): Promise<void> {
    return Promise.resolve();
  }
  setScreenSubscribeState(): Promise<void> {
    return Promise.resolve();
  }
  setVisibility(): Promise<void> {
    return Promise.resolve();
  }
  setVideoEncoderConfig(): Promise<void> {
    return Promise.resolve();
  }
  updateToken(): Promise<void> {
    return Promise.resolve();
  }

  on<K extends keyof RtcEventMap>(event: K, listener: (payload: RtcEventMap[K]) => void): () => void {
    const list = (this.listeners[event] || []) as Array<(payload: RtcEventMap[K]) => void>;
    list.push(listener);
    (this.listeners as Record<K, Array<(payload: RtcEventMap[K]) => void>>)[event] = list;
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof RtcEventMap>(event: K, payload: RtcEventMap[K]): void {
    const list = this.listeners[event] as Array<(payload: RtcEventMap[K]) => void> | undefined;
    if (list) for (const l of list.slice()) l(payload);
  }

  dispose(): void {
    this.isDisposed = true;
    this.listeners = {};
  }
}
