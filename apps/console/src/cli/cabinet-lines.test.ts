import { expect } from 'chai';
import type { CabinetConnection } from '@carrot-bridge/db';
import { cabinetLines } from './cabinet-lines';

const connected: CabinetConnection = {
  accountId: '6f1f8a52-3f0e-4a53-9d2e-6a7b1c2d3e4f',
  brand: 'comagic',
  tokenCiphertext: 'sealed',
  tokenLast4: 'x9Qa',
  cabinetAppId: 48213,
  cabinetName: 'ООО Ромашка',
  timeZone: 'Asia/Yekaterinburg',
  connectedAt: new Date('2026-12-01T10:00:00Z'),
  catalogSyncedAt: null,
  catalogSyncCounts: null,
  catalogSyncError: null,
  componentsCheck: null,
  componentsCheckedAt: null,
  updatedAt: new Date('2026-12-01T10:00:00Z'),
};

describe('cq status: the cabinet lines', () => {
  it('says when the account is not connected', () => {
    expect(cabinetLines(null)).to.deep.equal(['cabinet: not connected (the catalog is entered by hand)']);
  });

  it('names the cabinet and says the catalog was not synced yet, never the token', () => {
    const lines = cabinetLines(connected);
    expect(lines).to.deep.equal([
      'cabinet: comagic "ООО Ромашка" (app_id 48213, Asia/Yekaterinburg), token ••••x9Qa',
      'catalog sync: not run yet',
    ]);
    expect(lines.join('\n')).not.to.include('sealed');
  });

  it('prints the last sync with its counts and its error', () => {
    const lines = cabinetLines({
      ...connected,
      catalogSyncedAt: new Date('2026-12-02T03:00:00Z'),
      catalogSyncCounts: { sites: { created: 2, updated: 0, removed: 1, skipped: 0 } },
      catalogSyncError: 'Data API недоступен, повторим позже',
    });
    expect(lines.slice(1)).to.deep.equal([
      'catalog sync: 2026-12-02T03:00:00.000Z — sites +2 ~0 -1 skipped 0',
      'catalog sync error: Data API недоступен, повторим позже',
    ]);
  });
});
