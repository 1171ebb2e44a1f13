// The part of janode 1.8 (plain JavaScript, no types of its own) that the stage adapter uses.
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }
  export interface JanodeHandle extends EventEmitter {
    id: number;
    message(body: Record<string, unknown>, jsep?: Jsep): Promise<unknown>;
    trickle(candidate: Record<string, unknown>): Promise<unknown>;
    trickleComplete(): Promise<unknown>;
    hangup(): Promise<unknown>;
    detach(): Promise<unknown>;
  }
  export interface JanodeSession extends EventEmitter {
    id: number;
    attach<H extends JanodeHandle>(plugin: { Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<unknown>;
  }
  export interface JanodeConnection extends EventEmitter {
    create(ka_interval?: number): Promise<JanodeSession>;
    close(): Promise<unknown>;
  }
  const Janode: {
    connect(config: { address: { url: string; apisecret?: string } | { url: string; apisecret?: string }[]; retry_time_secs?: number; max_retries?: number }): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): string };
    EVENT: {
      CONNECTION_CLOSED: string;
      CONNECTION_ERROR: string;
      SESSION_DESTROYED: string;
      HANDLE_DETACHED: string;
      HANDLE_HANGUP: string;
      HANDLE_WEBRTCUP: string;
    };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle, Jsep } from 'janode';

  export interface VideoRoomHandle extends JanodeHandle {
    create(params: { room: number; secret?: string; admin_key?: string; audiocodec?: string; max_publishers?: number; is_private?: boolean; notify_joining?: boolean; description?: string }): Promise<{ room: number }>;
    destroy(params: { room: number; secret?: string }): Promise<unknown>;
    exists(params: { room: number }): Promise<{ exists: boolean }>;
    joinConfigurePublisher(params: { room: number; feed: number; display?: string; audio?: boolean; video?: boolean; jsep: Jsep }): Promise<{ feed: number; jsep?: Jsep }>;
    joinSubscriber(params: { room: number; streams: { feed: number; mid?: string }[]; autoupdate?: boolean }): Promise<{ jsep?: Jsep; streams?: { mid?: string; feed_id?: number; active?: boolean }[] }>;
    update(params: { subscribe?: { feed: number }[]; unsubscribe?: { feed: number }[] }): Promise<{ jsep?: Jsep; streams?: { mid?: string; feed_id?: number; active?: boolean }[] }>;
    start(params: { jsep: Jsep }): Promise<unknown>;
    kick(params: { room: number; feed: number; secret?: string }): Promise<unknown>;
    listParticipants(params: { room: number; secret?: string }): Promise<{ participants: { feed: number; display?: string; publisher: boolean }[] }>;
  }
  const VideoRoomPlugin: {
    Handle: new (...args: never[]) => VideoRoomHandle;
    EVENT: { VIDEOROOM_UPDATED: string; VIDEOROOM_KICKED: string; VIDEOROOM_DESTROYED: string };
  };
  export default VideoRoomPlugin;
}
