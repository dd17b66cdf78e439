// 「开启来电提醒」: asks Douyin for the incoming-call subscription message. Only allowed inside a tap
// handler (developer.open-douyin.com …/open-interface/subscribe-message/tt-request-subscribe-message),
// so the page calls this synchronously from its tap.
import type { TtPlatform } from './platform/tt-types';

type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'unsupported' | 'failed';

export interface CallNotices {
  /** Whether a template id is configured (no button otherwise). */
  readonly available: boolean;
  subscribe(): Promise<SubscribeAnswer>;
}

export function createCallNotices(platform: TtPlatform, templateId: string): CallNotices {
  const id = (templateId || '').trim();
  return {
    available: id !== '',
    subscribe() {
      if (id === '') return Promise.resolve('unsupported');
      if (typeof platform.requestSubscribeMessage !== 'function') return Promise.resolve('unsupported');
      return new Promise<SubscribeAnswer>((resolve) => {
        try {
          platform.requestSubscribeMessage!({
            tmplIds: [id],
            success: (res) => {
              const a = res ? res[id] : undefined;
              resolve(a === 'accept' || a === 'reject' || a === 'ban' ? a : 'failed');
            },
            fail: () => resolve('failed'),
          });
        } catch (e) {
          resolve('failed');
        }
      });
    },
  };
}
