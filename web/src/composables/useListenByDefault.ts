// Listening by default (as in X Spaces or Clubhouse): being in the debate means being in its
// voice room, so the speakers play without the person finding a button. A listener opens no
// microphone (the voice store asks for one only when the person may speak). Not put back: a
// person who left on purpose in this tab (the memory survives a reload), a tab another one took
// the connection from (it waits for "Use here"), a removed person, an ended debate.
import { computed, watch } from 'vue';
import { useRealtimeStore } from '../stores/realtime.ts';
import { useRoomStore } from '../stores/room.ts';
import { useVoiceStore, voiceSupported } from '../stores/voice.ts';

export function useListenByDefault(): void {
  const room = useRoomStore();
  const realtime = useRealtimeStore();
  const voice = useVoiceStore();
  const wanted = computed(() => !!room.me && room.state?.status !== 'ended' && !realtime.replaced && voiceSupported());
  /** 'unknown' until the state is read: then absent → present is the person joining here and now. */
  const presence = computed(() => (room.me ? 'in' : room.state ? 'out' : 'unknown'));
  watch(
    () => [wanted.value, presence.value] as const,
    ([want, now], before) => {
      const id = room.debateId;
      if (!id) return;
      // Joined the debate on this page: whatever they left before, they chose to be here.
      if (before?.[1] === 'out' && now === 'in') voice.forgetLeaving(id);
      if (want && !voice.joined && !voice.leftOnPurpose(id)) void voice.join();
    },
    { immediate: true },
  );
}
