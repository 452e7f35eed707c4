import { expect } from 'chai';
import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { SecretBoxError } from '@carrot-bridge/secrets';
import { LIMIT_EXCEEDED_WAIT_MS } from '../lifecycle/decide-data-api-failure';
import {
  decideExportFailure,
  decideTagRefusal,
  decideUploadRefusal,
  mayAssumeTimeZoneAfter,
} from './decide-export-failure';

const rpc = (code: number, mnemonic: string, field?: string) =>
  DataApiError.fromRpcError('upload.chats', {
    code,
    message: mnemonic,
    data: { mnemonic, ...(field ? { field } : {}) },
  });

describe('decideExportFailure', () => {
  it('waits out spent limits (-32029) without spending an attempt, for as long as metadata.limits says', () => {
    expect(decideExportFailure(rpc(-32029, 'limit_exceeded'))).to.deep.include({
      action: 'wait',
      delayMs: LIMIT_EXCEEDED_WAIT_MS,
    });
    const limited = DataApiError.fromRpcError('upload.chats', {
      code: -32029,
      message: 'Limit',
      data: {
        mnemonic: 'limit_exceeded',
        metadata: { limits: { day_remaining: 0, day_reset: 3_600, minute_remaining: 0, minute_reset: 20 } },
      },
    });
    expect(decideExportFailure(limited)).to.deep.include({ action: 'wait', delayMs: 3_600_000 });
  });

  it('stops on an answer it cannot read, saying so on the integration', () => {
    expect(decideExportFailure(new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'no id per chat'))).to.deep.include({
      action: 'give-up',
      keyInvalid: true,
    });
    expect(decideExportFailure(rpc(-32601, 'method_not_found'))).to.deep.include({
      action: 'give-up',
      code: 'data_api_unexpected_answer',
    });
  });

  for (const [code, mnemonic] of [
    [-32001, 'access_token_invalid'],
    [-32003, 'ip_not_whitelisted'],
    [-32008, 'method_component_disabled'],
    [-32009, 'account_inactive'],
  ] as const) {
    it(`stops and records ${code} (${mnemonic}) on the integration`, () => {
      const decision = decideExportFailure(rpc(code, mnemonic));
      expect(decision).to.deep.include({ action: 'give-up', keyInvalid: true });
      expect(decision.reason).to.contain(mnemonic);
    });
  }

  it('gives up on a refused call that names no chat, without blaming the integration', () => {
    expect(decideExportFailure(rpc(-32602, 'invalid_tag_id', 'tag_id'))).to.deep.include({
      action: 'give-up',
      keyInvalid: false,
    });
  });

  it('retries an unreachable Data API and anything unknown (PostgreSQL down)', () => {
    // `pnpm cq status` and the page read this reason (packages/e2e-tests export-watch).
    expect(decideExportFailure(new DataApiError(DataApiErrorCode.Unavailable, 'timeout'))).to.deep.equal({
      action: 'retry',
      code: 'data_api_unavailable',
      reason: 'Data API unavailable: timeout',
    });
    expect(decideExportFailure(new Error('Connection terminated'))).to.deep.include({
      action: 'retry',
      code: 'unexpected',
    });
  });

  it('stops on a token that cannot be decrypted and records why', () => {
    expect(decideExportFailure(new SecretBoxError('bad tag'))).to.deep.include({
      action: 'give-up',
      code: 'secret_unreadable',
      keyInvalid: true,
    });
  });
});

describe('decideUploadRefusal', () => {
  it('marks the chat a refusal names, in the dotted or the bracketed form', () => {
    expect(decideUploadRefusal(rpc(-32602, 'invalid_parameter_value', 'chats.3.phone'), 5)).to.deep.include({
      action: 'fail-chat',
      index: 3,
    });
    expect(decideUploadRefusal(rpc(-32602, 'invalid_date_time', 'chats[4].messages[0].date_time'), 5)).to.deep.include({
      action: 'fail-chat',
      index: 4,
    });
    const decision = decideUploadRefusal(rpc(-32602, 'invalid_parameter_value', 'chats.0.phone'), 1);
    expect(decision).to.deep.equal({
      action: 'fail-chat',
      index: 0,
      reason:
        'CoMagic не принял чат: неверное значение — телефон посетителя (invalid_parameter_value, -32602, chats.0.phone)',
    });
  });

  it('sends chat by chat when a refusal of several names none of them (or one outside the batch); alone, the chat is the culprit', () => {
    expect(decideUploadRefusal(rpc(-32602, 'invalid_parameter_value', 'phone'), 3)).to.deep.equal({
      action: 'one-by-one',
    });
    expect(decideUploadRefusal(rpc(-32602, 'unexpected_parameters'), 3)).to.deep.equal({ action: 'one-by-one' });
    expect(decideUploadRefusal(rpc(-32602, 'invalid_parameter_value', 'chats.7.phone'), 3)).to.deep.equal({
      action: 'one-by-one',
    });
    expect(decideUploadRefusal(rpc(-32602, 'invalid_parameter_value', 'phone'), 1)).to.deep.include({
      action: 'fail-chat',
      index: 0,
    });
  });

  it('leaves limits, access and outages to the job', () => {
    expect(decideUploadRefusal(rpc(-32029, 'limit_exceeded'), 3)).to.deep.equal({ action: 'fail-job' });
    expect(decideUploadRefusal(rpc(-32001, 'access_token_invalid'), 3)).to.deep.equal({ action: 'fail-job' });
    expect(decideUploadRefusal(new Error('ECONNRESET'), 3)).to.deep.equal({ action: 'fail-job' });
  });
});

describe('decideTagRefusal and mayAssumeTimeZoneAfter', () => {
  it('notes a refused tag on the delivered chat; anything else is the job', () => {
    expect(decideTagRefusal(rpc(-32602, 'entity_not_found', 'tag_id'))).to.deep.include({ action: 'note' });
    expect(decideTagRefusal(rpc(-32029, 'limit_exceeded'))).to.deep.equal({ action: 'fail-job' });
  });

  it('assumes Moscow only when get.account itself is refused, never on a bad token, a blocked IP, limits or an outage', () => {
    expect(mayAssumeTimeZoneAfter(rpc(-32003, 'forbidden'))).to.equal(true);
    expect(mayAssumeTimeZoneAfter(rpc(-32602, 'invalid_parameter_value'))).to.equal(true);
    expect(mayAssumeTimeZoneAfter(new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'no timezone'))).to.equal(true);
    expect(mayAssumeTimeZoneAfter(rpc(-32003, 'ip_not_whitelisted'))).to.equal(false);
    expect(mayAssumeTimeZoneAfter(rpc(-32001, 'access_token_invalid'))).to.equal(false);
    expect(mayAssumeTimeZoneAfter(rpc(-32008, 'method_component_disabled'))).to.equal(false);
    expect(mayAssumeTimeZoneAfter(rpc(-32029, 'limit_exceeded'))).to.equal(false);
    expect(mayAssumeTimeZoneAfter(new DataApiError(DataApiErrorCode.Unavailable, 'timeout'))).to.equal(false);
    expect(mayAssumeTimeZoneAfter(new Error('Connection terminated'))).to.equal(false);
  });
});
