import { expect } from 'chai';
import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { SecretBoxError } from '@carrot-bridge/secrets';
import { decideExportFailure, LIMIT_EXCEEDED_WAIT_MS } from './decide-export-failure';

const rpc = (code: number, mnemonic: string, field?: string) => DataApiError.fromRpcError('upload.chats', { code, message: mnemonic, data: { mnemonic, ...(field ? { field } : {}) } });

describe('decideExportFailure', () => {
  it('waits out spent limits (-32029) without spending an attempt', () => {
    expect(decideExportFailure(rpc(-32029, 'limit_exceeded'))).to.deep.include({ action: 'wait', delayMs: LIMIT_EXCEEDED_WAIT_MS });
  });

  for (const [code, mnemonic] of [[-32001, 'access_token_invalid'], [-32003, 'ip_not_whitelisted'], [-32008, 'method_component_disabled'], [-32009, 'account_inactive']] as const) {
    it(`stops and records ${code} (${mnemonic}) on the integration`, () => {
      const decision = decideExportFailure(rpc(code, mnemonic));
      expect(decision).to.deep.include({ action: 'give-up', keyInvalid: true });
      expect(decision.reason).to.contain(mnemonic);
    });
  }

  it('gives up on a refused call that names no chat, without blaming the integration', () => {
    expect(decideExportFailure(rpc(-32602, 'invalid_tag_id', 'tag_id'))).to.deep.include({ action: 'give-up', keyInvalid: false });
  });

  it('retries an unreachable Data API and anything unknown (PostgreSQL down)', () => {
    expect(decideExportFailure(new DataApiError(DataApiErrorCode.Unavailable, 'timeout'))).to.deep.include({ action: 'retry' });
    expect(decideExportFailure(new Error('Connection terminated'))).to.deep.include({ action: 'retry', code: 'unexpected' });
  });

  it('stops on a token that cannot be decrypted and records why', () => {
    expect(decideExportFailure(new SecretBoxError('bad tag'))).to.deep.include({ action: 'give-up', code: 'secret_unreadable', keyInvalid: true });
  });
});
