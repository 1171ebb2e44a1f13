// Sending a room command from a control: busy while in flight, a refusal shown with the
// server's message, destructive actions confirmed first.
import { ref } from 'vue';
import type { CommandBody } from '../api/booktalk.ts';
import { useNoticesStore } from '../stores/notices.ts';
import { useRoomStore } from '../stores/room.ts';

export function useCommand() {
  const room = useRoomStore();
  const notices = useNoticesStore();
  const busy = ref(false);

  async function run(command: CommandBody, confirmText?: string): Promise<boolean> {
    if (confirmText && !window.confirm(confirmText)) return false;
    busy.value = true;
    try {
      await room.send(command);
      return true;
    } catch (e) {
      notices.error(e);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { run, busy };
}
