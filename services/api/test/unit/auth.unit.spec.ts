import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/index.ts';

const secret = 'unit-test-secret-unit-test-secret-unit';

describe('createAuth', () => {
  it('issues a token that verifies to a non-system actor with the display name', async () => {
    const auth = createAuth({ secret });
    const { token, accountId } = await auth.issueSession('Dorothea');
    expect(accountId).toMatch(/^a[0-9a-f]{12}$/);
    expect(await auth.verify(token)).toEqual({ accountId, displayName: 'Dorothea' });
  });

  it('refuses short secrets and tokens signed with another key', async () => {
    expect(() => createAuth({ secret: 'short' })).toThrow(/32/);
    const { token } = await createAuth({ secret: `${secret}-other` }).issueSession('Mallory');
    await expect(createAuth({ secret }).verify(token)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
