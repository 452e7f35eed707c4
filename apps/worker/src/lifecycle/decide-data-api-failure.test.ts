import { expect } from 'chai';
import { DataApiError, DataApiErrorCode } from '@carrot-bridge/data-api';
import { z } from '@carrot-bridge/config';
import { SecretBoxError } from '@carrot-bridge/secrets';
import { decideCatalogSyncFailure, describeCatalogSyncFailure } from '../catalog-sync/decide-catalog-sync-failure';
import { decideSessionLookupFailure } from '../session-lookup/decide-session-lookup-failure';
import {
  decideDataApiFailure,
  describeDataApiFailure,
  LIMIT_EXCEEDED_WAIT_MS,
  type DataApiJobFailures,
} from './decide-data-api-failure';

const rpc = (code: number, mnemonic: string) =>
  DataApiError.fromRpcError('get.sites', { code, message: mnemonic, data: { mnemonic } });
const badJobData = z.object({ accountId: z.uuid() }).safeParse({}).error;

describe('decideDataApiFailure (every job that calls the Data API)', () => {
  const plain: DataApiJobFailures = { job: 'test' };

  it('waits out spent limits without spending an attempt, as long as metadata.limits says or a minute', () => {
    expect(decideDataApiFailure(rpc(-32029, 'limit_exceeded'), plain)).to.deep.include({
      action: 'wait',
      code: 'data_api_limit_exceeded',
      delayMs: LIMIT_EXCEEDED_WAIT_MS,
    });
    const limited = DataApiError.fromRpcError('get.sites', {
      code: -32029,
      message: 'Limit',
      data: { mnemonic: 'limit_exceeded', metadata: { limits: { minute_remaining: 0, minute_reset: 20 } } },
    });
    expect(decideDataApiFailure(limited, plain)).to.deep.include({ action: 'wait', delayMs: 20_000 });
  });

  it('retries an outage and the unexpected (PostgreSQL down), the latter by its first line', () => {
    expect(decideDataApiFailure(new DataApiError(DataApiErrorCode.Unavailable, 'timeout'), plain)).to.deep.equal({
      action: 'retry',
      code: 'data_api_unavailable',
      reason: 'Data API unavailable: timeout',
    });
    expect(decideDataApiFailure(new Error(`Connection terminated\n${'x'.repeat(400)}`), plain)).to.deep.equal({
      action: 'retry',
      code: 'unexpected',
      reason: 'unexpected failure (database unavailable?): Connection terminated',
    });
  });

  it('gives up on refusals, unreadable answers, undecryptable tokens and bad job data', () => {
    for (const [error, code] of [
      [rpc(-32001, 'access_token_invalid'), 'data_api_access_denied'],
      [rpc(-32602, 'invalid_parameter_value'), 'data_api_invalid_params'],
      [new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'not JSON'), 'data_api_unexpected_answer'],
      [new SecretBoxError('bad tag'), 'secret_unreadable'],
      [badJobData, 'invalid_job_data'],
    ] as const) {
      expect(decideDataApiFailure(error, plain), code).to.deep.include({ action: 'give-up', code, keyInvalid: false });
    }
    expect(decideDataApiFailure(badJobData, plain).reason).to.equal('invalid test job data');
  });

  it("marks the key invalid only on the job's chosen give-ups, and words only what the job words", () => {
    const job: DataApiJobFailures = {
      job: 'test',
      wording: { data_api_access_denied: (f) => `refused: ${f.details.mnemonic}` },
      keyInvalidOn: ['data_api_access_denied'],
    };
    expect(decideDataApiFailure(rpc(-32001, 'access_token_invalid'), job)).to.deep.include({
      reason: 'refused: access_token_invalid',
      keyInvalid: true,
    });
    const other = decideDataApiFailure(rpc(-32602, 'invalid_parameter_value'), job);
    expect(other).to.deep.include({ action: 'give-up', keyInvalid: false });
    expect(other.reason).to.equal('the Data API refused the call: get.sites: invalid_parameter_value (-32602)');
    expect(describeDataApiFailure(rpc(-32001, 'access_token_invalid'), job)).to.equal('refused: access_token_invalid');
  });
});

describe("the catalog sync's and the session lookup's wording", () => {
  it('the catalog sync records the reason it decides on, in Russian, for the page', () => {
    const outage = new DataApiError(DataApiErrorCode.Unavailable, 'timeout');
    expect(decideCatalogSyncFailure(outage)).to.deep.equal({
      action: 'retry',
      code: 'data_api_unavailable',
      reason: 'Data API недоступен, повторим позже (timeout)',
    });
    expect(describeCatalogSyncFailure(rpc(-32001, 'access_token_invalid'))).to.match(/^CoMagic отказал: /);
    expect(decideCatalogSyncFailure(new SecretBoxError('bad tag'))).to.deep.include({
      action: 'give-up',
      keyInvalid: false,
      reason: 'сохранённый токен не удаётся расшифровать: подключите кабинет заново',
    });
    expect(decideCatalogSyncFailure(badJobData).reason).to.equal('invalid catalog sync job data');
  });

  it('the session lookup names its report and never marks a key invalid', () => {
    expect(decideSessionLookupFailure(rpc(-32001, 'access_token_invalid'))).to.deep.include({
      action: 'give-up',
      code: 'data_api_access_denied',
      keyInvalid: false,
    });
    expect(decideSessionLookupFailure(rpc(-32001, 'access_token_invalid')).reason).to.match(
      /^the Data API refused the session report: .*access_token_invalid/,
    );
    expect(decideSessionLookupFailure(new DataApiError(DataApiErrorCode.UnexpectedAnswer, 'x')).reason).to.equal(
      'unreadable session report: x',
    );
  });
});
