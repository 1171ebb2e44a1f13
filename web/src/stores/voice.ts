// Voice in the open room: the microphone (device, self-mute, level), the transport (the mesh
// today), link states and levels per peer. What may be heard follows projected state: a
// participant muted by a moderator, removed, or gone is not played, whatever their client sends.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { maySpeak } from '../room/derive.ts';
import { LevelMeter } from '../voice/levels.ts';
import { VoiceMesh } from '../voice/mesh.ts';
import type { LinkState } from '../voice/peerLink.ts';
import { createBrowserPeerConnection } from '../voice/rtc.ts';
import { socketVoiceSignaling } from '../voice/signaling.ts';
import { testHooksEnabled, voiceTestHook } from '../voice/testHooks.ts';
import type { TransportStatus } from '../voice/transport.ts';
import { useRealtimeStore } from './realtime.ts';
import { useRoomStore } from './room.ts';
import { useSessionStore } from './session.ts';

export const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
export const voiceSupported = (): boolean => typeof RTCPeerConnection !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export const useVoiceStore = defineStore('voice', () => {
  const room = useRoomStore();
  const session = useSessionStore();
  const realtime = useRealtimeStore();
  const status = ref<TransportStatus>('idle');
  const links = ref<Record<string, LinkState>>({});
  const levels = ref<Record<string, number>>({});
  const devices = ref<{ deviceId: string; label: string }[]>([]);
  const deviceId = ref<string>('');
  const selfMuted = ref(false);
  const micError = ref<string | null>(null);
  const mesh = shallowRef<VoiceMesh | null>(null);
  let localStream: MediaStream | null = null;
  const players = new Map<string, HTMLAudioElement>();
  let offModeration: (() => void)[] = [];
  const meter = new LevelMeter((l) => (levels.value = l));

  const speakPermission = computed(() => (room.state ? maySpeak(room.state, session.accountId) : { ok: false, reason: 'absent' as const }));
  const joined = computed(() => status.value !== 'idle' && status.value !== 'closed');

  async function openMic(): Promise<MediaStreamTrack | null> {
    if (!speakPermission.value.ok) return null;
    try {
      localStream?.getTracks().forEach((t) => t.stop());
      localStream = await navigator.mediaDevices.getUserMedia({ audio: { ...AUDIO_CONSTRAINTS, ...(deviceId.value ? { deviceId: { exact: deviceId.value } } : {}) } });
      micError.value = null;
      meter.watch('self', localStream);
      const all = await navigator.mediaDevices.enumerateDevices();
      devices.value = all.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `#${i + 1}` }));
      const track = localStream.getAudioTracks()[0] ?? null;
      if (track) track.enabled = !selfMuted.value;
      return track;
    } catch (e) {
      micError.value = e instanceof Error ? e.message : String(e);
      return null;
    }
  }

  function closeMic(): void {
    localStream?.getTracks().forEach((t) => t.stop());
    localStream = null;
    meter.unwatch('self');
  }

  /** Plays a peer only while projected state says they may be heard. */
  function applyPlayback(): void {
    const s = room.state;
    for (const [id, el] of players) {
      const p = s?.participants[id];
      el.muted = !p || p.muted;
    }
  }

  const rememberKey = (debateId: string) => `booktalk.voice.${debateId}`;
  /** Was this tab in this debate's voice before a reload? Then the room rejoins by itself. */
  const wasInVoice = (debateId: string): boolean => sessionStorage.getItem(rememberKey(debateId)) === '1';

  async function join(): Promise<void> {
    const client = realtime.ensure();
    const selfId = session.accountId;
    if (!client || !selfId || !room.debateId || mesh.value) return;
    sessionStorage.setItem(rememberKey(room.debateId), '1');
    const signaling = socketVoiceSignaling(client, room.debateId, selfId);
    const hook = testHooksEnabled() ? voiceTestHook(signaling) : null;
    const m = new VoiceMesh({
      selfId,
      signaling: hook?.signaling ?? signaling,
      createPeerConnection: createBrowserPeerConnection(),
      // Listeners need no link between them: only pairs where someone may send audio.
      shouldLink: (remoteId) => {
        const s = room.state;
        if (!s) return true;
        return maySpeak(s, selfId).reason !== 'audience' || maySpeak(s, remoteId).reason !== 'audience';
      },
    });
    m.onStatus((st) => (status.value = st));
    m.linkStates.on((id, st) => (links.value = { ...links.value, [id]: st }));
    m.onRemoteAudio((id, stream) => {
      players.get(id)?.pause();
      players.delete(id);
      meter.unwatch(id);
      if (!stream) return;
      const el = new Audio();
      el.autoplay = true;
      el.srcObject = stream;
      players.set(id, el);
      meter.watch(id, stream);
      applyPlayback();
      void el.play().catch(() => undefined);
    });
    // The node's moderation notices act before the next state push arrives.
    offModeration = [
      client.on('S_VOICE_MUTED', (p) => {
        if (p.debateId !== room.debateId) return;
        const el = players.get(p.accountId);
        if (el && p.muted) el.muted = true;
        if (p.accountId === selfId && p.muted) {
          closeMic();
          void m.setLocalTrack(null);
        }
      }),
      client.on('S_REMOVED', (p) => {
        if (p.debateId === room.debateId && p.accountId === selfId) leave({ forget: true });
      }),
    ];
    mesh.value = m;
    lostConnection = false;
    hook?.expose(m);
    await m.join(await openMic());
  }

  /** `forget`: the person chose to leave (no automatic rejoin after a reload). */
  function leave({ forget = false } = {}): void {
    if (forget && room.debateId) sessionStorage.removeItem(rememberKey(room.debateId));
    offModeration.forEach((off) => off());
    offModeration = [];
    mesh.value?.close();
    mesh.value = null;
    for (const el of players.values()) el.pause();
    players.clear();
    closeMic();
    links.value = {};
    status.value = 'idle';
  }

  function toggleSelfMute(): void {
    selfMuted.value = !selfMuted.value;
    localStream?.getAudioTracks().forEach((t) => (t.enabled = !selfMuted.value && speakPermission.value.ok));
  }

  async function chooseDevice(id: string): Promise<void> {
    deviceId.value = id;
    if (!mesh.value) return;
    await mesh.value.setLocalTrack(await openMic());
  }

  // A moderator's mute or a demotion stops the local track at once; a promotion opens the mic.
  watch(
    () => speakPermission.value.ok,
    async (ok) => {
      if (!mesh.value) return;
      if (!ok) {
        closeMic();
        await mesh.value.setLocalTrack(null);
      } else {
        await mesh.value.setLocalTrack(await openMic());
      }
    },
  );
  watch(() => room.state, applyPlayback);
  // A new connection (a refreshed token) means new signaling: rejoin over it.
  watch(
    () => realtime.client,
    (now, before) => {
      if (!mesh.value || !before || now === before) return;
      leave();
      if (now) void join();
    },
  );
  // A dropped socket that comes back rejoins voice from C_VOICE_JOIN. Only a connection lost
  // while in voice: a join sent before the socket first connected waits in socket.io's buffer and
  // goes out on connect, and joining twice would make the others replace the links they are
  // still negotiating (an answer meant for the first link lands on the second).
  let lostConnection = false;
  watch(
    () => realtime.connected,
    async (up) => {
      if (!up) {
        lostConnection = !!mesh.value;
        return;
      }
      if (!lostConnection || !mesh.value) return;
      lostConnection = false;
      await mesh.value.join(localStream?.getAudioTracks()[0] ?? null);
    },
  );
  watch(
    () => room.debateId,
    () => leave(),
  );

  return { status, links, levels, devices, deviceId, selfMuted, micError, joined, speakPermission, join, leave, wasInVoice, toggleSelfMute, chooseDevice };
});
