// The vote a moderator is about to open, as the form holds it: options with the side each stands
// for. A vote on the motion (pre / post) counts by those sides, never by its labels, so the form
// suggests the labels in the page's language (For / Against / Undecided, 찬성 / 반대 / 미정) with
// their sides chosen, and the moderator may rename, add or re-side any of them.
import type { OptionSide, VoteKind } from '@booktalk/contracts';

export interface DraftOption {
  label: string;
  side: OptionSide;
}

export const OPTION_SIDES: readonly OptionSide[] = ['pro', 'con', 'undecided'];
/** As many options as OpenVote accepts. */
export const MAX_OPTIONS = 10;

export const isMotionVote = (kind: VoteKind): boolean => kind !== 'poll';

/** The suggested options of a vote on the motion, worded by `t` (the page's i18n), one per side. */
export const motionSuggestions = (t: (key: string) => string): DraftOption[] => OPTION_SIDES.map((side) => ({ label: t(`votes.suggest.${side}`), side }));

/** Two empty options: what a poll starts with. */
export const blankOptions = (): DraftOption[] => [
  { label: '', side: 'undecided' },
  { label: '', side: 'undecided' },
];

/** The options a moderator filled in (trimmed, empty rows left out). */
const filled = (options: readonly DraftOption[]) => options.map((o) => ({ ...o, label: o.label.trim() })).filter((o) => o.label !== '');

/**
 * What the form cannot send, as an i18n key (null when it can): fewer than two options, a label
 * twice, or a vote on the motion without an option for each side. The server refuses the same
 * (400 / 422 VOTE_SIDES_INCOMPLETE); saying it here words it before anything is sent.
 */
export function draftProblem(kind: VoteKind, options: readonly DraftOption[]): string | null {
  const given = filled(options);
  if (given.length < 2) return 'votes.needTwoOptions';
  if (new Set(given.map((o) => o.label)).size !== given.length) return 'votes.duplicateOption';
  if (isMotionVote(kind) && !(given.some((o) => o.side === 'pro') && given.some((o) => o.side === 'con'))) return 'votes.needProAndCon';
  return null;
}

/** The OpenVote fields the draft makes: sides for a vote on the motion, none for a poll. */
export function openVoteFields(kind: VoteKind, options: readonly DraftOption[]): { options: string[]; sides?: OptionSide[] } {
  const given = filled(options);
  const labels = given.map((o) => o.label);
  return isMotionVote(kind) ? { options: labels, sides: given.map((o) => o.side) } : { options: labels };
}

/** A vote's tallies summed by the side of each option (a vote on the motion; null for a poll). */
export function talliesBySide(vote: { options: readonly string[]; sides: readonly OptionSide[] | null; tallies: Readonly<Record<string, number>> }): Record<OptionSide, number> | null {
  if (!vote.sides) return null;
  const sums: Record<OptionSide, number> = { pro: 0, con: 0, undecided: 0 };
  vote.options.forEach((o, i) => {
    sums[vote.sides?.[i] ?? 'undecided'] += vote.tallies[o] ?? 0;
  });
  return sums;
}
