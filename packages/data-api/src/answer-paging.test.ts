import { expect } from 'chai';
import { DATA_API_OFFSET_MAX, readAllPages } from './answer-paging';
import { DataApiError, DataApiErrorCode } from './data-api-error';

describe('readAllPages', () => {
  it('asks page after page until a short page', async () => {
    const offsets: unknown[] = [];
    const rows = await readAllPages(
      (_method, params) => {
        offsets.push(params.offset);
        const offset = params.offset as number;
        return Promise.resolve({
          data: Array.from({ length: Math.max(0, Math.min(2, 5 - offset)) }, (_, i) => offset + i),
        });
      },
      'get.tags',
      { fields: ['id'] },
      2,
    );
    expect(rows).to.deep.equal([0, 1, 2, 3, 4]);
    expect(offsets).to.deep.equal([0, 2, 4]);
  });

  it('stops with a clear error rather than ask past offset 100 000', async () => {
    const offsets: number[] = [];
    const error = await readAllPages(
      (_method, params) => {
        offsets.push(params.offset as number);
        return Promise.resolve({ data: Array.from({ length: 10_000 }, () => 1) });
      },
      'get.sites',
      {},
      10_000,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DataApiError);
    expect((error as DataApiError).code).to.equal(DataApiErrorCode.InvalidParams);
    expect((error as DataApiError).message).to.contain('offset 100000');
    expect(offsets.at(-1)).to.equal(DATA_API_OFFSET_MAX);
  });
});
