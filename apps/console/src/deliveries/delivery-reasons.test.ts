import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { DELIVERY_ANSWER_WORDS, readDelivery, reasonOfProblem, STATUS_REASONS } from './delivery-reasons';

// The ingress and the domain write these texts; read from their sources, so a new status or problem
// that the page would show in English fails here.
const sourcesOf = (folder: string) => {
  const dir = new URL(folder, import.meta.url);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => readFileSync(new URL(name, `${dir.href}/`), 'utf8'));
};
const ingressSources = sourcesOf('../../../ingress/src');
const domainSources = [
  readFileSync(new URL('../../../../packages/domain/src/webhook-event.ts', import.meta.url), 'utf8'),
  readFileSync(new URL('../../../../packages/domain/src/webhook-import-decision.ts', import.meta.url), 'utf8'),
];

/** A '…' or `…` literal (whose `${…}` may hold quotes): group 1 or 2. */
const LITERAL = String.raw`(?:\`((?:[^\`$]|\$\{[^}]*\})*)\`|'([^']*)')`;

/** The literal texts after `marker` in the sources, each `${…}` filled with a sample. */
function literals(sources: string[], marker: RegExp): string[] {
  const texts = new Set<string>();
  for (const source of sources)
    for (const match of source.matchAll(marker)) texts.add((match[1] ?? match[2])!.replace(/\$\{[^}]+\}/g, 'event_id'));
  return [...texts];
}

const CYRILLIC = /[а-яё]/i;

describe('delivery log reasons in Russian', () => {
  it('has a word and a reason for every answer status the ingress writes (webhook-answers.ts)', () => {
    const answers = ingressSources.find((s) => s.includes('export const ANSWERS'))!;
    const block = answers.slice(answers.indexOf('export const ANSWERS'), answers.indexOf('} as const'));
    const statuses = [...block.matchAll(/^ {2}(\w+): \d{3},$/gm)].map((m) => m[1]!);
    expect(statuses).to.include.members(['queued', 'ignored', 'invalid_webhook', 'queue_unavailable']);
    expect(statuses).to.have.length(11);
    for (const status of statuses) {
      expect(DELIVERY_ANSWER_WORDS[status], status).to.match(CYRILLIC);
      if (status === 'queued' || status === 'duplicate') continue;
      expect(STATUS_REASONS[status], status).to.match(CYRILLIC);
      // A problem text of no known shape still reads in Russian, by its status.
      expect(readDelivery({ status, problem: 'something new' }).reason, status).to.equal(STATUS_REASONS[status]);
    }
  });

  it("translates every problem text the ingress answers with (its `message: '…'`)", () => {
    const texts = literals(ingressSources, new RegExp(`message: ${LITERAL}`, 'g'));
    expect(texts).to.include.members(['The body is not valid JSON', 'Content-Type must be one of event_id']);
    for (const text of texts) expect(reasonOfProblem(text), text).to.match(CYRILLIC);
  });

  it("translates every problem and ignore reason of the domain's webhook reading", () => {
    const texts = literals(domainSources, new RegExp(`(?:invalid\\(|problem: |reason: )${LITERAL}`, 'g'));
    expect(texts).to.include.members([
      'field "event_name" is missing',
      'no conversation id in the delivery: searched event_id',
      'the conversation is not closed yet (conversation_closed is not true)',
    ]);
    expect(texts.length).to.be.greaterThan(15);
    for (const text of texts) expect(reasonOfProblem(text), text).to.match(CYRILLIC);
  });

  it('says what the log showed in English in Russian, with the detail kept', () => {
    expect(readDelivery({ status: 'queued', problem: null })).to.deep.equal({ answer: 'принята', reason: null });
    expect(
      readDelivery({
        status: 'invalid_webhook',
        problem:
          'no conversation id in the delivery: searched event.props.$conversation_id, conversation.id, conversation.conversation',
      }),
    ).to.deep.equal({
      answer: 'не разобрана',
      reason:
        'В доставке нет id диалога (искали: event.props.$conversation_id, conversation.id, conversation.conversation)',
    });
    expect(
      readDelivery({
        status: 'unsupported_media_type',
        problem: 'Content-Type must be one of application/json, application/x-www-form-urlencoded',
      }).reason,
    ).to.equal('Неподдерживаемый Content-Type: принимаются application/json, application/x-www-form-urlencoded');
    expect(reasonOfProblem('field "event" must be a JSON object')).to.equal('Поле «event» должно быть JSON-объектом');
    expect(reasonOfProblem('event_id must be a decimal id of at most 30 digits')).to.equal(
      '«event_id» — не числовой id (до 30 цифр)',
    );
    expect(reasonOfProblem('not an event webhook (message_webhook)')).to.equal(
      'Не событие, а доставка типа «message_webhook»: не импортируется',
    );
  });
});
