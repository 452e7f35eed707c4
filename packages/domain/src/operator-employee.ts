// Which employee of the account a chat and its messages stand for (issue #23, «Сотрудники»). A CarrotQuest
// operator (Admin object: https://developers.carrotquest.io/objects/admin — id, name, avatar, type,
// name_internal; no e-mail) is mapped to an employee per integration; unmapped operators and bots fall
// back to the integration's default employee («Сотрудник по умолчанию»).

/** A chat message as the choice reads it: who wrote it, and the CarrotQuest admin id of its author. */
export interface OperatorAuthoredMessage {
  /** The transcript's author: 'operator' for a human operator's reply (reply_admin). */
  author: string;
  /** CarrotQuest admin id of the part's author (`from` is an Admin object with an id), else null. */
  operatorId: string | null;
}

export interface ChatEmployeeInput {
  /** The question's messages in time order. */
  messages: ReadonlyArray<OperatorAuthoredMessage>;
  /** CarrotQuest admin id of the conversation's `assignee`, if any. */
  assigneeAdminId: string | null;
  /** The employee an operator is mapped to, null when unmapped. */
  employeeOf: (carrotAdminId: string) => string | null;
  /** The integration's default employee. */
  defaultEmployeeId: string | null;
}

/**
 * A chat's employee: the mapped operator who first answered in it (its first operator message whose
 * author is mapped: an unmapped operator answering first does not hide a colleague who is mapped), else
 * the conversation's assignee if mapped, else the integration's default employee.
 */
export function chooseChatEmployee(input: ChatEmployeeInput): string | null {
  for (const message of input.messages) {
    if (message.author !== 'operator' || message.operatorId === null) continue;
    const employee = input.employeeOf(message.operatorId);
    if (employee !== null) return employee;
  }
  const assignee = input.assigneeAdminId === null ? null : input.employeeOf(input.assigneeAdminId);
  return assignee ?? input.defaultEmployeeId;
}

export interface MessageEmployeeSources<Employee> {
  /** The employee the message's author is mapped to, null when unmapped. */
  employeeOf: (carrotAdminId: string) => Employee | null;
  /** The chat's employee (chooseChatEmployee, as stored), if any. */
  chatEmployee: Employee | null;
  defaultEmployee: Employee | null;
}

/**
 * The employee one operator message is sent as (the export's `employee_id`): its author's mapped employee,
 * else the chat's employee, else the integration's default. Generic so that the export can pass the
 * employee with its CoMagic id and keep the choice apart from whether that id is known.
 */
export function messageEmployee<Employee>(
  message: Pick<OperatorAuthoredMessage, 'operatorId'>,
  sources: MessageEmployeeSources<Employee>,
): Employee | null {
  const author = message.operatorId === null ? null : sources.employeeOf(message.operatorId);
  return author ?? sources.chatEmployee ?? sources.defaultEmployee;
}

export interface EmployeeCandidate {
  id: string;
  name: string;
  email: string | null;
}

export interface EmployeeSuggestion {
  employeeId: string;
  /** What matched: the name, or the operator's name written as an e-mail equal to the employee's. */
  matchedBy: 'name' | 'email';
}

/** Lower case, ё as е, words split on any whitespace: how a person would compare two names. */
function nameWords(name: string): string[] {
  return name.toLowerCase().replace(/ё/g, 'е').split(/\s+/u).filter(Boolean);
}

const sortedKey = (words: readonly string[]) => [...words].sort().join(' ');

/**
 * Two names are the same person's when they have the same words in any order ("Иван Петров" / "Петров
 * Иван"), or when one is first + last name and the other adds a patronymic ("Иван Петров" / "Петров Иван
 * Сергеевич": a cabinet often lists employees so). A lone word never matches a longer name: too vague.
 */
function sameName(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.length === b.length) return sortedKey(a) === sortedKey(b);
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length === 2 && long.length === 3 && short[0] !== short[1] && short.every((w) => long.includes(w));
}

/** One @, no whitespace, a dot in the domain: enough to tell an e-mail used as a display name from a name. */
function looksLikeEmail(text: string): boolean {
  const at = text.indexOf('@');
  return at > 0 && at === text.lastIndexOf('@') && !/\s/u.test(text) && text.slice(at + 2, -1).includes('.');
}

/**
 * The employee an operator probably is, for the page to offer: a name match (sameName) or, since the
 * Admin object has no e-mail, an operator whose display name is an e-mail equal to an employee's. Null
 * when nothing matches or more than one employee does. Pass only employees that may be chosen (not
 * removed in the cabinet).
 */
export function suggestEmployee(
  operator: { name: string | null },
  employees: ReadonlyArray<EmployeeCandidate>,
): EmployeeSuggestion | null {
  const name = (operator.name ?? '').trim();
  if (name === '') return null;
  const matches = new Map<string, EmployeeSuggestion['matchedBy']>();
  if (looksLikeEmail(name)) {
    const email = name.toLowerCase();
    for (const e of employees) if (e.email?.trim().toLowerCase() === email) matches.set(e.id, 'email');
  } else {
    const words = nameWords(name);
    for (const e of employees) if (sameName(words, nameWords(e.name))) matches.set(e.id, 'name');
  }
  const [only, ...others] = [...matches];
  return only && others.length === 0 ? { employeeId: only[0], matchedBy: only[1] } : null;
}

/** What the account's catalog says of the employee chosen for an operator. */
export interface OperatorEmployeeChoice {
  /** The chosen employee is the account's. */
  known: boolean;
  /** The cabinet no longer lists it (removedInCabinetAt, docs/cabinet.md). */
  removedInCabinet: boolean;
  /** The operator is mapped to it already. */
  alreadyMapped: boolean;
}

/**
 * Why an employee cannot be chosen for an operator, in Russian for the page, or null. The rule of the
 * settings' pickers (validateIntegrationSettings): an employee the cabinet no longer lists is not a new
 * choice — the export would send an id CoMagic refuses — but a mapping already saved to it may stay.
 */
export function operatorEmployeeChoiceError(choice: OperatorEmployeeChoice): string | null {
  if (!choice.known) return 'Сотрудник не найден в этом аккаунте';
  if (choice.removedInCabinet && !choice.alreadyMapped)
    return 'Удалено в CoMagic: выберите другое (этот id CoMagic не примет)';
  return null;
}
