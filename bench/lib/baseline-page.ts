// The official Douyin RTC sample's page logic, copied in its data flow and exact setData payloads:
// volcengine/VolcEngineRTC, DouyinMicroApp/pages/basic/quickstart/index.ts
// (onRtcChatMembersChanged / onRtcVideoMembersChanged / onRtcChatSpeakersChanged /
// onRtcPublishScreenMembersChanged and calcRemoteStreams).
// Each list event sets that list in data (setData #1); in that setData's callback calcRemoteStreams()
// copies the four lists, rebuilds every stream and sends { remoteStreams, showRemoteStream } (setData #2).
import type { SetDataTarget } from '../../view/binding';

interface BaselineStream {
  userId: string;
  mode: 'video' | 'screen';
  isMe: boolean;
  isCameraOn: boolean;
  isAudioOn: boolean;
}

export interface BaselineData {
  userId: string;
  roomMembers: string[];
  videoMembers: string[];
  audioMembers: string[];
  screenMembers: string[];
  remoteStreams: BaselineStream[];
  showRemoteStream: boolean;
}

export type BaselineList = 'roomMembers' | 'videoMembers' | 'audioMembers' | 'screenMembers';

export class DouyinSampleBaselinePage {
  data: BaselineData;

  constructor(
    private readonly target: SetDataTarget,
    userId: string,
  ) {
    this.data = {
      userId,
      roomMembers: [],
      videoMembers: [],
      audioMembers: [],
      screenMembers: [],
      remoteStreams: [],
      showRemoteStream: false,
    };
  }

  /** The four on*Changed handlers: `this.setData({ [list]: userIdList }, () => this.calcRemoteStreams())`. */
  onList(which: BaselineList, userIdList: string[]): void {
    this.setData({ [which]: userIdList }, () => {
      this.calcRemoteStreams();
    });
  }

  private calcRemoteStreams(): void {
    const roomMembers = [...this.data.roomMembers];
    const videoMembers = [...this.data.videoMembers];
    const audioMembers = [...this.data.audioMembers];
    const screenMembers = [...this.data.screenMembers];

    const streams = roomMembers.map((userId) => {
      const isMe = this.data.userId === userId;
      const mode: BaselineStream['mode'] = screenMembers.includes(userId) ? 'screen' : 'video';
      return {
        userId,
        mode,
        isMe: isMe,
        isCameraOn: videoMembers.includes(userId),
        isAudioOn: audioMembers.includes(userId),
      } as BaselineStream;
    });

    const remoteStreams = streams.filter((s) => !s.isMe);
    this.setData({
      remoteStreams,
      showRemoteStream: remoteStreams.length > 0,
    });
  }

  /** Page.setData: the page's own data changes at once, then the bridge gets the patch. */
  private setData(patch: Partial<BaselineData>, callback?: () => void): void {
    Object.assign(this.data, patch);
    this.target.setData(patch as Record<string, unknown>, callback);
  }
}
