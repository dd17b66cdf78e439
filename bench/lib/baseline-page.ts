// The official Douyin RTC sample's page logic (volcengine/VolcEngineRTC DouyinMicroApp,
// pages/basic/quickstart, see /work/shared/docs/douyin-platform.md §7), reduced to its data flow:
// each list event replaces that list in data (setData #1), then calcRemoteStreams() merges the four
// lists into remoteStreams and sends the whole array (setData #2).
import type { SetDataTarget } from '../../stores/binding';

export interface BaselineStream {
  userId: string;
  mode: 'screen' | 'video';
  isMe: boolean;
  isCameraOn: boolean;
  isAudioOn: boolean;
}

export interface BaselineData {
  roomMembers: string[];
  videoMembers: string[];
  audioMembers: string[];
  screenMembers: string[];
  remoteStreams: BaselineStream[];
}

export type BaselineList = 'roomMembers' | 'videoMembers' | 'audioMembers' | 'screenMembers';

export class DouyinSampleBaselinePage {
  data: BaselineData = { roomMembers: [], videoMembers: [], audioMembers: [], screenMembers: [], remoteStreams: [] };

  constructor(
    private readonly target: SetDataTarget,
    private readonly userId: string,
  ) {}

  /** onRtcChatMembersChanged / onRtcVideoMembersChanged / onRtcChatSpeakersChanged / onRtcPublishScreenMembersChanged. */
  onList(which: BaselineList, userIdList: string[]): void {
    this.data[which] = userIdList;
    this.target.setData({ [which]: userIdList });
    this.calcRemoteStreams();
  }

  private calcRemoteStreams(): void {
    const { roomMembers, videoMembers, audioMembers, screenMembers } = this.data;
    const streams: BaselineStream[] = roomMembers.map((userId) => ({
      userId,
      mode: screenMembers.indexOf(userId) >= 0 ? 'screen' : 'video',
      isMe: userId === this.userId,
      isCameraOn: videoMembers.indexOf(userId) >= 0,
      isAudioOn: audioMembers.indexOf(userId) >= 0,
    }));
    const remoteStreams = streams.filter((s) => !s.isMe);
    this.data.remoteStreams = remoteStreams;
    this.target.setData({ remoteStreams });
  }
}
