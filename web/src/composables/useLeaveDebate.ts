// The one "Leave" of the room (the panel's and the phone bar's): out of voice at once and out of
// the debate, quietly. Only those whose going changes the debate are asked first: a moderator,
// and a speaker holding the floor. Leaving is remembered for the tab (no voice by itself after a
// reload) until the person joins again.
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { isModerator } from '../room/derive.ts';
import { useRoomStore } from '../stores/room.ts';
import { useSessionStore } from '../stores/session.ts';
import { useVoiceStore } from '../stores/voice.ts';
import { useCommand } from './useCommand.ts';

export function useLeaveDebate() {
  const { t } = useI18n();
  const { run, busy } = useCommand();
  const room = useRoomStore();
  const session = useSessionStore();
  const voice = useVoiceStore();
  const asksFirst = computed(() => {
    const s = room.state;
    const id = session.accountId;
    return !!s && !!id && (isModerator(s, id) || s.currentTurn?.accountId === id);
  });

  async function leave(): Promise<boolean> {
    if (asksFirst.value && !window.confirm(t('mod.confirm', { action: t('room.leave') }))) return false;
    voice.leave({ forget: true });
    return run({ type: 'LeaveDebate', data: {} });
  }
  return { leave, busy, asksFirst };
}
