// Voice in the open room: the microphone (device, self-mute, level), the transport, link states
// and levels per peer. The mesh is always joined (it is the voice room's presence); while the
// debate is on stage (S_VOICE_MODE) a listener hears through the SFU instead (StageListener,
// make before break: its mesh links go once the stage carries audio) and a speaker also
// publishes to it (StagePublisher). What may be heard follows projected state: a participant
// muted by a moderator, removed, or gone is not played, whatever their client sends; nor, under
// floor control while the debate is live, a speaker who does not hold the floor (moderators are
// always heard; between turns only they are). Off the floor, this client's own track is disabled
// too, so no energy leaves it.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { heardOnFloor, maySpeak, speakerSignature } from '../room/derive.ts';
import { MeshToStageHandover } from '../voice/handover.ts';
import { LevelMeter } from '../voice/levels.ts';
import { VoiceMesh } from '../voice/mesh.ts';
import type { LinkState } from '../voice/peerLink.ts';
import { createBrowserPeerConnection } from '../voice/rtc.ts';
import { socketVoiceSignaling } from '../voice/signaling.ts';
import { StageListener } from '../voice/stageListener.ts';
import { StagePublisher } from '../voice/stagePublisher.ts';
import { socketStageSignaling } from '../voice/stageSignaling.ts';
import { exposeStage, testHooksEnabled, voiceTestHook } from '../voice/testHooks.ts';
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
  /** The mesh's status: in the voice room or not. */
  const meshStatus = ref<TransportStatus>('idle');
  const stageStatus = ref<TransportStatus>('idle');
  const stage = shallowRef<StageListener | null>(null);
  let publisher: StagePublisher | null = null;
  let handover: MeshToStageHandover | null = null;
  /** How this tab hears the speakers now. */
  const transport = computed<'mesh' | 'stage'>(() => (stage.value ? 'stage' : 'mesh'));
  /** What the person is shown: the stage's state while listening through it, else the mesh's. */
  const status = computed<TransportStatus>(() => (stage.value && meshStatus.value !== 'idle' && meshStatus.value !== 'closed' ? stageStatus.value : meshStatus.value));
  const links = ref<Record<string, LinkState>>({});
  const levels = ref<Record<string, number>>({});
  const devices = ref<{ deviceId: string; label: string }[]>([]);
  const deviceId = ref<string>('');
  const selfMuted = ref(false);
  const micError = ref<string | null>(null);
  /**
   * The browser refused to start a player without a gesture (`play()` rejected NotAllowedError,
   * or paused one we did not): the room shows one "Listen" button that resumes them all.
   */
  const autoplayBlocked = ref(false);
  const mesh = shallowRef<VoiceMesh | null>(null);
  let localStream: MediaStream | null = null;
  const players = new Map<string, HTMLAudioElement>();
  let offModeration: (() => void)[] = [];
  const meter = new LevelMeter((l) => (levels.value = l));

  const speakPermission = computed(() => (room.state ? maySpeak(room.state, session.accountId) : { ok: false, reason: 'absent' as const }));
  /** Floor control lets this account be heard now (always true without it, or before the debate is live). */
  const floorHeld = computed(() => !room.state || !session.accountId || heardOnFloor(room.state, session.accountId));
  /** May speak, but floor control holds the microphone off: someone else has the floor. */
  const floorSilenced = computed(() => speakPermission.value.ok && !floorHeld.value);
  /** The local track carries sound only when the person, the moderators and the floor all allow it. */
  const micLive = () => !selfMuted.value && speakPermission.value.ok && floorHeld.value;
  /** A microphone opened ahead of a promotion (accepting an invitation), taken by the next openMic. */
  let prepared: MediaStream | null = null;
  const joined = computed(() => meshStatus.value !== 'idle' && meshStatus.value !== 'closed');
  const amListener = computed(() => !!session.accountId && room.state?.participants[session.accountId]?.role === 'audience');
  const onStage = computed(() => room.voiceMode === 'stage');

  async function openMic(): Promise<MediaStreamTrack | null> {
    if (!speakPermission.value.ok) return null;
    try {
      localStream?.getTracks().forEach((t) => t.stop());
      const ready = prepared?.getAudioTracks().some((t) => t.readyState === 'live') ? prepared : null;
      prepared = null;
      localStream = ready ?? (await navigator.mediaDevices.getUserMedia({ audio: { ...AUDIO_CONSTRAINTS, ...(deviceId.value ? { deviceId: { exact: deviceId.value } } : {}) } }));
      micError.value = null;
      meter.watch('self', localStream);
      const all = await navigator.mediaDevices.enumerateDevices();
      devices.value = all.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `#${i + 1}` }));
      const track = localStream.getAudioTracks()[0] ?? null;
      if (track) track.enabled = micLive();
      // The picker shows the microphone in use, not a blank entry, until the person picks one.
      if (!deviceId.value) deviceId.value = track?.getSettings().deviceId ?? '';
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

  /**
   * Asks for the microphone now, while the person answers an invitation to speak (the browser's
   * permission prompt belongs to that answer, not to a state push a moment later). False, with
   * `micError` set, when it is refused or missing; the stream waits for the promotion's openMic.
   */
  async function prepareMic(): Promise<boolean> {
    try {
      prepared?.getTracks().forEach((t) => t.stop());
      prepared = await navigator.mediaDevices.getUserMedia({ audio: { ...AUDIO_CONSTRAINTS, ...(deviceId.value ? { deviceId: { exact: deviceId.value } } : {}) } });
      micError.value = null;
      return true;
    } catch (e) {
      prepared = null;
      micError.value = e instanceof Error ? e.message : String(e);
      return false;
    }
  }

  /**
   * Plays a peer only while projected state says they may be heard (and once: the stage wins over
   * the mesh). Floor control is enforced here by every receiver, like a moderator's mute, whatever
   * the sender's client does.
   */
  function applyPlayback(): void {
    const s = room.state;
    for (const [key, el] of players) {
      const [source, id] = splitKey(key);
      const p = s?.participants[id];
      el.muted = !s || !p || p.muted || !heardOnFloor(s, id) || (source === 'mesh' && players.has(`stage:${id}`));
    }
  }
  const splitKey = (key: string): ['mesh' | 'stage', string] => [key.startsWith('stage:') ? 'stage' : 'mesh', key.slice(key.indexOf(':') + 1)];

  /** Starts or stops playing one speaker's stream from one source. */
  function play(source: 'mesh' | 'stage', id: string, stream: MediaStream | null): void {
    const key = `${source}:${id}`;
    players.get(key)?.pause();
    players.delete(key);
    if (!stream) {
      if (!players.has(`mesh:${id}`) && !players.has(`stage:${id}`)) meter.unwatch(id);
      applyPlayback();
      return;
    }
    const el = new Audio();
    el.autoplay = true;
    el.srcObject = stream;
    players.set(key, el);
    meter.watch(id, stream);
    applyPlayback();
    // A player we still hold that pauses by itself was stopped by the browser's autoplay policy
    // (Chrome pauses one unmuted without a gesture); ours are paused only after leaving `players`.
    el.addEventListener?.('pause', () => {
      if (players.get(key) === el && !el.ended) autoplayBlocked.value = true;
    });
    void el.play().then(
      // Playing now means the page may play: any player refused earlier can start as well.
      () => autoplayBlocked.value && void resumePlayback(),
      (e: unknown) => {
        if (players.get(key) === el && e instanceof Error && e.name === 'NotAllowedError') autoplayBlocked.value = true;
      },
    );
  }

  /** The "Listen" tap: starts every player (a gesture lets them), and the level meter with them. */
  async function resumePlayback(): Promise<void> {
    meter.resume();
    const results = await Promise.allSettled([...players.values()].map((el) => el.play()));
    autoplayBlocked.value = results.some((r) => r.status === 'rejected' && r.reason instanceof Error && r.reason.name === 'NotAllowedError');
  }

  const rememberKey = (debateId: string) => `booktalk.voice.${debateId}`;
  /**
   * Did the person leave this debate's voice on purpose in this tab (Leave, removed, the end)?
   * Then being in the debate no longer brings voice back by itself, a reload included, until they
   * join the debate again (or voice by hand). Otherwise being in the debate means listening.
   */
  const leftOnPurpose = (debateId: string): boolean => sessionStorage.getItem(rememberKey(debateId)) === 'left';
  const forgetLeaving = (debateId: string): void => sessionStorage.removeItem(rememberKey(debateId));

  async function join(): Promise<void> {
    const client = realtime.ensure();
    const selfId = session.accountId;
    if (!client || !selfId || !room.debateId || mesh.value) return;
    forgetLeaving(room.debateId);
    const signaling = socketVoiceSignaling(client, room.debateId, selfId);
    const hook = testHooksEnabled() ? voiceTestHook(signaling) : null;
    const m = new VoiceMesh({
      selfId,
      signaling: hook?.signaling ?? signaling,
      createPeerConnection: createBrowserPeerConnection(),
      // Listeners need no link between them: only pairs where someone may send audio. A listener
      // on the stage takes none and opens none: the SFU carries the speakers to it.
      shouldLink: (remoteId, joinedVia) => {
        if (joinedVia === 'stage' || (amListener.value && onStage.value)) return false;
        const s = room.state;
        if (!s) return true;
        return maySpeak(s, selfId).reason !== 'audience' || maySpeak(s, remoteId).reason !== 'audience';
      },
    });
    m.onStatus((st) => (meshStatus.value = st));
    m.linkStates.on((id, st) => (links.value = { ...links.value, [id]: st }));
    m.onRemoteAudio((id, stream) => play('mesh', id, stream));
    // The node's moderation notices act before the next state push arrives.
    offModeration = [
      client.on('S_VOICE_MUTED', (p) => {
        if (p.debateId !== room.debateId) return;
        // Players are keyed by source (`mesh:` / `stage:`): silence both before the state push.
        if (p.muted) for (const source of ['mesh', 'stage']) {
          const el = players.get(`${source}:${p.accountId}`);
          if (el) el.muted = true;
        }
        if (p.accountId === selfId && p.muted) {
          closeMic();
          void m.setLocalTrack(null);
          void publisher?.publish(null);
        }
      }),
      client.on('S_REMOVED', (p) => {
        if (p.debateId === room.debateId && p.accountId === selfId) leave({ forget: true });
      }),
    ];
    mesh.value = m;
    lostConnection = false;
    hook?.expose(m);
    const track = await openMic();
    await m.join(track);
    await publisher?.publish(track);
  }

  /** `forget`: the person chose to leave (no automatic rejoin, a reload included). */
  function leave({ forget = false } = {}): void {
    if (forget && room.debateId) sessionStorage.setItem(rememberKey(room.debateId), 'left');
    autoplayBlocked.value = false;
    offModeration.forEach((off) => off());
    offModeration = [];
    stopStage();
    stopPublishing();
    mesh.value?.close();
    mesh.value = null;
    for (const el of players.values()) el.pause();
    players.clear();
    closeMic();
    prepared?.getTracks().forEach((t) => t.stop());
    prepared = null;
    links.value = {};
    meshStatus.value = 'idle';
  }

  function startStage(): void {
    const client = realtime.client;
    if (stage.value || !client || !room.debateId) return;
    const listener = new StageListener({ signaling: socketStageSignaling(client, room.debateId), createPeerConnection: createBrowserPeerConnection() });
    listener.onRemoteAudio((id, stream) => play('stage', id, stream));
    listener.onStatus((st) => {
      stageStatus.value = st;
      // Make before break: each mesh link goes once the stage carries that speaker (handover.ts).
      if (st === 'connected' && !handover && mesh.value && mesh.value.peers().size > 0) {
        handover = new MeshToStageHandover({
          meshPeers: () => [...(mesh.value?.peers().keys() ?? [])],
          carried: () => listener.carried(),
          drop: (id) => {
            mesh.value?.drop(id);
            const { [id]: _gone, ...rest } = links.value;
            links.value = rest;
          },
        });
        handover.start();
      }
    });
    stage.value = listener;
    if (testHooksEnabled()) exposeStage(listener);
    void listener.start();
  }

  function stopStage(): void {
    handover?.stop();
    handover = null;
    const listener = stage.value;
    if (!listener) return;
    stage.value = null;
    listener.close();
    for (const key of [...players.keys()]) if (key.startsWith('stage:')) play('stage', splitKey(key)[1], null);
    stageStatus.value = 'idle';
  }

  function stopPublishing(): void {
    publisher?.close();
    publisher = null;
  }

  // Which transport a listener uses, and whether a speaker publishes, follow the debate's voice mode.
  watch(
    () => [joined.value, amListener.value, onStage.value, speakPermission.value.ok] as const,
    ([inVoice, listener, staged, speaking], before) => {
      const client = realtime.client;
      if (!inVoice || !client || !room.debateId) {
        stopStage();
        stopPublishing();
        return;
      }
      if (listener && staged) startStage();
      else if (stage.value) {
        // Back to the mesh: join it again so the speakers offer, then let the stage go.
        stopStage();
        if (listener && before?.[2]) void mesh.value?.join(null);
      }
      if (!listener && staged && speaking) {
        publisher ??= new StagePublisher(socketStageSignaling(client, room.debateId), createBrowserPeerConnection());
        void publisher.publish(localStream?.getAudioTracks()[0] ?? null);
      } else stopPublishing();
    },
  );

  function toggleSelfMute(): void {
    selfMuted.value = !selfMuted.value;
    localStream?.getAudioTracks().forEach((t) => (t.enabled = micLive()));
  }
  // The floor moving (or floor control switched) turns the track on or off at once: the links and
  // the stage feed stay, so a turn starts with no renegotiation.
  watch(floorHeld, () => localStream?.getAudioTracks().forEach((t) => (t.enabled = micLive())));

  async function chooseDevice(id: string): Promise<void> {
    deviceId.value = id;
    if (!mesh.value) return;
    const track = await openMic();
    await mesh.value.setLocalTrack(track);
    await publisher?.publish(track);
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
        const track = await openMic();
        await mesh.value.setLocalTrack(track);
        await publisher?.publish(track);
      }
    },
  );
  watch(() => room.state, applyPlayback);
  // Roles reach the audio without a rejoin: who may speak changed (a promotion, a demotion, a
  // moderator assigned or revoked), so the links follow. A promoted listener is linked to the
  // other listeners, a demoted speaker's listener links go. On the stage the SFU carries the
  // speakers and the hand-over owns the mesh links, so the mesh is left alone there.
  watch(
    () => (room.state ? speakerSignature(room.state) : null),
    (now, before) => {
      const s = room.state;
      // null: no state yet (the first one is what joining links by). '' is a room with nobody who
      // may speak, and a promotion from there must link as much as any other.
      if (!s || before === null || before === undefined || now === before || onStage.value) return;
      // The pushed view has no voice map: `connected` is the participant's place in the voice room.
      mesh.value?.reconcile(Object.values(s.participants).filter((p) => p.connected).map((p) => p.accountId));
    },
  );
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

  return { status, transport, links, levels, devices, deviceId, selfMuted, micError, autoplayBlocked, joined, speakPermission, floorSilenced, join, leave, leftOnPurpose, forgetLeaving, resumePlayback, toggleSelfMute, chooseDevice, prepareMic };
});
