import { expect } from 'chai';
import {
  chooseChatEmployee,
  messageEmployee,
  operatorEmployeeChoiceError,
  suggestEmployee,
  type EmployeeCandidate,
} from './operator-employee';

const mapping: Record<string, string> = { '101': 'emp-anna', '102': 'emp-boris' };
const employeeOf = (id: string) => mapping[id] ?? null;

const visitor = { author: 'visitor', operatorId: null };
const operator = (operatorId: string | null) => ({ author: 'operator', operatorId });

describe('chooseChatEmployee', () => {
  const choose = (messages: Parameters<typeof chooseChatEmployee>[0]['messages'], assigneeAdminId: string | null) =>
    chooseChatEmployee({ messages, assigneeAdminId, employeeOf, defaultEmployeeId: 'emp-default' });

  it('takes the mapped operator who answered first, not a later one or the assignee', () => {
    expect(choose([visitor, operator('102'), operator('101')], '101')).to.equal('emp-boris');
  });

  it('passes over an unmapped operator who answered first', () => {
    expect(choose([visitor, operator('999'), operator('101')], null)).to.equal('emp-anna');
  });

  it('reads only operator messages: a bot or system part naming a mapped admin does not count', () => {
    const messages = [
      { author: 'bot', operatorId: '101' },
      { author: 'system', operatorId: '101' },
    ];
    expect(choose(messages, null)).to.equal('emp-default');
  });

  it('falls back to the mapped assignee when no mapped operator answered', () => {
    expect(choose([visitor, operator('999'), operator(null)], '102')).to.equal('emp-boris');
  });

  it('falls back to the default when neither an answer nor the assignee is mapped', () => {
    expect(choose([visitor, operator('999')], '998')).to.equal('emp-default');
    expect(choose([], null)).to.equal('emp-default');
  });

  it('is null with no default and nothing mapped', () => {
    expect(chooseChatEmployee({ messages: [visitor], assigneeAdminId: null, employeeOf, defaultEmployeeId: null })).to
      .be.null;
  });
});

describe('messageEmployee', () => {
  const sources = {
    employeeOf: (id: string) => (mapping[id] ? { id: mapping[id] } : null),
    chatEmployee: { id: 'emp-chat' },
    defaultEmployee: { id: 'emp-default' },
  };

  it("is the author's mapped employee", () => {
    expect(messageEmployee({ operatorId: '102' }, sources)).to.deep.equal({ id: 'emp-boris' });
  });

  it("is the chat's employee for an unmapped or unknown author", () => {
    expect(messageEmployee({ operatorId: '999' }, sources)).to.deep.equal({ id: 'emp-chat' });
    expect(messageEmployee({ operatorId: null }, sources)).to.deep.equal({ id: 'emp-chat' });
  });

  it('is the default when the chat has no employee, and null with neither', () => {
    expect(messageEmployee({ operatorId: '999' }, { ...sources, chatEmployee: null })).to.deep.equal({
      id: 'emp-default',
    });
    expect(messageEmployee({ operatorId: null }, { ...sources, chatEmployee: null, defaultEmployee: null })).to.be.null;
  });
});

describe('suggestEmployee', () => {
  const employees: EmployeeCandidate[] = [
    { id: 'e1', name: 'Петров Иван Сергеевич', email: 'ivan@shop.example' },
    { id: 'e2', name: 'Алёна Смирнова', email: null },
    { id: 'e3', name: 'Анна', email: 'Anna.K@Shop.Example' },
    { id: 'e4', name: 'Олег Орлов', email: null },
    { id: 'e5', name: 'Орлов  Олег', email: null },
  ];
  const suggest = (name: string | null) => suggestEmployee({ name }, employees);

  it('matches the full name ignoring case, extra whitespace and ё/е', () => {
    expect(suggest('  алена   СМИРНОВА ')).to.deep.equal({ employeeId: 'e2', matchedBy: 'name' });
    expect(suggest('Анна')).to.deep.equal({ employeeId: 'e3', matchedBy: 'name' });
  });

  it('matches first and last name in either order, beside a patronymic', () => {
    expect(suggest('Смирнова Алена')).to.deep.equal({ employeeId: 'e2', matchedBy: 'name' });
    expect(suggest('Иван Петров')).to.deep.equal({ employeeId: 'e1', matchedBy: 'name' });
    expect(suggest('Петров Иван')).to.deep.equal({ employeeId: 'e1', matchedBy: 'name' });
  });

  it('matches an operator named by an e-mail to the employee with that e-mail', () => {
    expect(suggest('anna.k@shop.example')).to.deep.equal({ employeeId: 'e3', matchedBy: 'email' });
    expect(suggest('IVAN@shop.example')).to.deep.equal({ employeeId: 'e1', matchedBy: 'email' });
  });

  it('suggests nothing for a partial name, an unknown name or e-mail, or no name', () => {
    expect(suggest('Иван')).to.be.null;
    expect(suggest('Иван Сергеевич Петров Младший')).to.be.null;
    expect(suggest('Мария Иванова')).to.be.null;
    expect(suggest('nobody@shop.example')).to.be.null;
    expect(suggest('   ')).to.be.null;
    expect(suggest(null)).to.be.null;
  });

  it('suggests nothing when two employees match', () => {
    expect(suggest('Олег Орлов')).to.be.null;
  });
});

describe('operatorEmployeeChoiceError', () => {
  const choice = { known: true, removedInCabinet: false, alreadyMapped: false };

  it("accepts the account's employee", () => {
    expect(operatorEmployeeChoiceError(choice)).to.be.null;
  });

  it("refuses another account's or an unknown employee", () => {
    expect(operatorEmployeeChoiceError({ ...choice, known: false })).to.equal('Сотрудник не найден в этом аккаунте');
  });

  it('refuses an employee removed in the cabinet as a new choice, keeps it where already mapped', () => {
    expect(operatorEmployeeChoiceError({ ...choice, removedInCabinet: true })).to.match(/Удалено в CoMagic/);
    expect(operatorEmployeeChoiceError({ ...choice, removedInCabinet: true, alreadyMapped: true })).to.be.null;
  });
});
