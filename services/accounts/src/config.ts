// The accounts settings from the environment, validated at start (a bad value names its variable).
import { z } from 'zod';
import { type Capability, parseCapabilities } from './policy/commandPolicy.ts';

const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const Schema = z.object({
  /** Usernames of the site admins, comma-separated (case ignored). */
  BOOKTALK_ADMINS: list,
  /** What guests may do besides listening and chatting: any of speak, vote, host. */
  BOOKTALK_GUESTS_MAY: z.string().default(''),
  /** Access token lifetime in seconds. */
  BOOKTALK_ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).max(24 * 3600).default(900),
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
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  let guestsMay: Set<Capability>;
  try {
    guestsMay = parseCapabilities(parsed.data.BOOKTALK_GUESTS_MAY);
  } catch (error) {
    throw new Error(`Invalid configuration:\n  - BOOKTALK_GUESTS_MAY: ${(error as Error).message}`);
  }
  return { admins: parsed.data.BOOKTALK_ADMINS, guestsMay, accessTtlSeconds: parsed.data.BOOKTALK_ACCESS_TOKEN_TTL };
}
