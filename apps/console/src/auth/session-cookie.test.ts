import { expect } from 'chai';
import { sessionTokenOf } from './session-cookie';

const request = (cookie: string | undefined) => ({
  get: (name: string) => (name.toLowerCase() === 'cookie' ? cookie : undefined),
});
const token = 'A'.repeat(21) + '-_' + 'z'.repeat(20);

describe('sessionTokenOf', () => {
  it('reads cb_session among other cookies, whatever the spacing', () => {
    expect(sessionTokenOf(request(`cb_session=${token}`))).to.equal(token);
    expect(sessionTokenOf(request(`theme=dark; cb_session=${token}; lang=ru`))).to.equal(token);
    expect(sessionTokenOf(request(`theme=dark;cb_session=${token}`))).to.equal(token);
    expect(sessionTokenOf(request(`cb_session="${token}"`))).to.equal(token);
  });

  it('takes the first of two, and no other cookie for it', () => {
    expect(sessionTokenOf(request(`cb_session=${token}; cb_session=other`))).to.equal(token);
    expect(sessionTokenOf(request(`xcb_session=${token}; cb_session_old=${token}`))).to.equal(null);
  });

  it('is null without the header, without the cookie, or with an empty value', () => {
    expect(sessionTokenOf(request(undefined))).to.equal(null);
    expect(sessionTokenOf(request(''))).to.equal(null);
    expect(sessionTokenOf(request('theme=dark'))).to.equal(null);
    expect(sessionTokenOf(request('cb_session='))).to.equal(null);
    expect(sessionTokenOf(request('cb_session'))).to.equal(null);
  });
});
