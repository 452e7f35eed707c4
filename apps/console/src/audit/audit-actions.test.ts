import { expect } from 'chai';
import { AUDIT_ACTION_LABELS, AUDIT_KIND_LABELS, auditActionLabel } from './audit-actions';

describe('audit actions and their Russian names', () => {
  it('every named action belongs to a kind the page filters by, and every kind has an action', () => {
    const kinds = Object.keys(AUDIT_ACTION_LABELS).map((action) => action.slice(0, action.indexOf('.')));
    expect([...new Set(kinds)].sort()).to.deep.equal(Object.keys(AUDIT_KIND_LABELS).sort());
  });

  it('names an action in Russian, and an unknown one by itself', () => {
    expect(auditActionLabel('transcript.viewed')).to.equal('Просмотр переписки');
    expect(auditActionLabel('something.new')).to.equal('something.new');
  });
});
