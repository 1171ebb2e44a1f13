// The contract suite against a real PostgreSQL, including the held-open-transaction case that
// only PostgreSQL can stage.
import { postgresForTests, requireService } from '@booktalk/infra';
import { describe, it } from 'vitest';
import { eventStoreContract } from './contract/eventStoreContract.ts';
import { freshStore, holdOpenAppend } from './support/postgres.ts';

const server = requireService(await postgresForTests(), 'PostgreSQL');

if (server) {
  let url = '';
  eventStoreContract(
    'PostgreSQL',
    async () => {
      const fresh = await freshStore();
      url = fresh.url;
      return fresh;
    },
    { holdOpenAppend: (streamId) => holdOpenAppend(url, streamId), strictConcurrentDuplicates: true },
  );
} else {
  describe.skip('EventStore contract: PostgreSQL', () => {
    it('needs a PostgreSQL server (see the warning above)', () => undefined);
  });
}
