// The accounts settings from the environment, validated at start (a bad value names its variable).
import { z } from 'zod';
import { type Capability, parseCapabilities } from './policy/commandPolicy.ts';

/** The shortest access-token lifetime the app accepts (see BOOKTALK_ACCESS_TOKEN_TTL below). */
export const MIN_ACCESS_TTL_SECONDS = 120;

const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const Schema = z.object({
  /** Usernames of the site admins, comma-separated (case ignored). */
  BOOKTALK_ADMINS: list,
  /** What guests may do besides listening and chatting: any of speak, vote, host. */
  BOOKTALK_GUESTS_MAY: z.string().default(''),
  /**
   * Access token lifetime in seconds. The floor is what the web client can live with: it refreshes
   * at a fraction of the lifetime with jitter and at most once per window, and the refresh route
   * allows a session only a few refreshes a minute (REFRESH_LIMIT); a lifetime under two minutes
   * leaves too little room between a refresh and the token's expiry for a slow network, a busy
   * tab or a retry, and ran the client into a refresh storm and 429s (issue 19, item 5).
   */
  BOOKTALK_ACCESS_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(MIN_ACCESS_TTL_SECONDS, `must be at least ${MIN_ACCESS_TTL_SECONDS} seconds: the web client refreshes at a fraction of the lifetime, at most once per window, and a shorter lifetime leaves no time for a refresh to arrive`)
    .max(24 * 3600, 'must be at most 86400 seconds (one day)')
    .default(900),
});

export interface AccountsConfig {
  admins: string[];
  guestsMay: Set<Capability>;
  accessTtlSeconds: number;
}

export function accountsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AccountsConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`).join('\n')}`,
    );
  }
  let guestsMay: Set<Capability>;
  try {
    guestsMay = parseCapabilities(parsed.data.BOOKTALK_GUESTS_MAY);
  } catch (error) {
    throw new Error(`Invalid configuration:\n  - BOOKTALK_GUESTS_MAY: ${(error as Error).message}`);
  }
  return { admins: parsed.data.BOOKTALK_ADMINS, guestsMay, accessTtlSeconds: parsed.data.BOOKTALK_ACCESS_TOKEN_TTL };
}
