import { expect } from 'chai';
import { seenOperators } from './operator-directory';

describe('seenOperators', () => {
  it("lists the conversation's assignee, last admin and part authors once each, skipping visitors and admins without an id", () => {
    const found = seenOperators(
      {
        id: '1',
        created: 0,
        assignee: { id: '11', name: 'Анна', type: 'admin' },
        last_admin: { id: '11', name: 'Анна', type: 'admin' },
      },
      [
        { id: '100', created: 1, from: '9001' },
        { id: '101', created: 2, from: { id: '12', name: 'Бот', type: 'bot' } },
        { id: '102', created: 3, from: { name: 'Dmitriy', type: 'default_admin' } },
        { id: '103', created: 4, from: { id: '11', name: 'Анна', type: 'admin' } },
      ],
    );
    expect(found).to.deep.equal([
      { carrotAdminId: '11', name: 'Анна', type: 'admin' },
      { carrotAdminId: '12', name: 'Бот', type: 'bot' },
    ]);
  });
});
