// App-wide "is this person in a room?" for the call rules (an incoming call is answered busy while in
// a room). The room page registers itself; the call store reads it. A count, not a flag: a second
// room page on the stack must not clear the first one's presence when it unloads.
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';

export class Presence {
  rooms = 0;

  constructor() {
    makeObservable(this, { rooms: observable, inRoom: computed, enterRoom: action, leaveRoom: action });
  }

  get inRoom(): boolean {
    return this.rooms > 0;
  }

  /** Returns the matching release; calling it twice releases once. */
  enterRoom(): () => void {
    this.rooms++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leaveRoom();
    };
  }

  leaveRoom(): void {
    if (this.rooms > 0) this.rooms--;
  }
}
