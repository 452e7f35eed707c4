import { expect } from 'chai';
import { MissingReferenceError } from '@carrot-bridge/db';
import { decideFailure } from './decide-failure';

describe('decideFailure', () => {
  it('gives up on a chat pointing at a deleted campaign, source, site, employee or tag: no retry can succeed before the settings are fixed', () => {
    const decision = decideFailure(
      new MissingReferenceError('insert or update on table "ChatTag" violates foreign key constraint'),
    );
    expect(decision).to.include({ action: 'give-up', code: 'missing_reference' });
  });

  it('retries what it does not know (a database that went away)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(decideFailure(refused)).to.include({ action: 'retry', code: 'unexpected' });
  });
});
