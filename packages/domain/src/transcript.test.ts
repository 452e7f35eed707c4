import { expect } from 'chai';
import { loadFixture } from '@carrot-bridge/fixtures';
import { buildTranscript } from './transcript';
import type { CarrotQuestPartShape } from './carrotquest-shapes';

describe('buildTranscript', () => {
  const parts: CarrotQuestPartShape[] = loadFixture('api-conversation-parts').data;

  it('turns the fixture parts into visitor, operator and system messages in order', () => {
    const transcript = buildTranscript(parts);
    expect(transcript.messages.map((m) => m.author)).to.deep.equal([
      'visitor',
      'system',
      'operator',
      'operator',
      'visitor',
      'visitor',
    ]);
    expect(transcript.messages[2]).to.deep.include({
      partId: '880012403',
      operatorName: 'Алексей',
      partType: 'reply_admin',
    });
    expect(transcript.messages[0]!.sentAt.toISOString()).to.equal(new Date(1764054188 * 1000).toISOString());
  });

  it('counts visitor, operator and bot messages but not system lines', () => {
    expect(buildTranscript(parts).messagesCount).to.equal(5);
  });

  it('gives the first visitor message and the visitor texts', () => {
    const transcript = buildTranscript(parts);
    expect(transcript.firstVisitorMessage).to.equal('Здравствуйте! Сколько стоит доставка в Пермь?');
    expect(transcript.visitorTexts).to.deep.equal([
      'Здравствуйте! Сколько стоит доставка в Пермь?',
      '+7 912 345-67-89',
      'Спасибо!',
    ]);
    expect(transcript.operatorName).to.equal('Алексей');
  });

  it('skips internal notes', () => {
    const transcript = buildTranscript([
      { id: 1, created: 1, type: 'reply_user', body: 'hi', from: 7 },
      { id: 2, created: 2, type: 'note', body: 'VIP, do not discount', from: { id: 5, name: 'Op', type: 'admin' } },
    ]);
    expect(transcript.messages.map((m) => m.partId)).to.deep.equal(['1']);
  });

  it('marks auto replies and bot-authored replies as bot', () => {
    const transcript = buildTranscript([
      {
        id: 1,
        created: 1,
        type: 'auto_reply',
        body: 'We reply within 5 minutes',
        from: { id: 0, name: 'bot', type: 'bot' },
      },
      { id: 2, created: 2, type: 'reply_admin', body: 'Choose a topic', from: { id: 0, name: 'Лид-бот', type: 'bot' } },
    ]);
    expect(transcript.messages.map((m) => m.author)).to.deep.equal(['bot', 'bot']);
    expect(transcript.operatorName).to.equal(null);
  });

  it('keeps unknown lifecycle parts as system lines with their type', () => {
    const transcript = buildTranscript([{ id: 9, created: 1, type: 'tag_added', body: null, from: null }]);
    expect(transcript.messages[0]).to.deep.include({ author: 'system', partType: 'tag_added', text: null });
  });

  it('sorts out-of-order parts by time and drops repeated part ids', () => {
    const transcript = buildTranscript([
      { id: 3, created: 30, type: 'reply_user', body: 'c', from: 1 },
      { id: 1, created: 10, type: 'reply_user', body: 'a', from: 1 },
      { id: 3, created: 30, type: 'reply_user', body: 'c', from: 1 },
    ]);
    expect(transcript.messages.map((m) => m.text)).to.deep.equal(['a', 'c']);
  });

  it('keeps HTML in text verbatim (escaping is the renderer’s job)', () => {
    const html = '<img src=x onerror=alert(1)>';
    expect(
      buildTranscript([{ id: 1, created: 1, type: 'reply_user', body: html, from: 1 }]).messages[0]!.text,
    ).to.equal(html);
  });

  it('has no first visitor message when the visitor wrote nothing', () => {
    expect(buildTranscript([]).firstVisitorMessage).to.equal(null);
  });

  describe('a part CarrotQuest removed (objects/conversationpart `removed`)', () => {
    const removedAt = 1_700_000_500;
    const bot = { id: 0, name: 'bot', type: 'bot' };
    const before: CarrotQuestPartShape[] = [
      { id: 1, created: 10, type: 'reply_user', body: 'Мой телефон +7 916 123-45-67', from: 7, removed: null },
      { id: 2, created: 20, type: 'reply_admin', body: 'Записал', from: { id: 5, name: 'Op', type: 'admin' } },
      { id: 3, created: 30, type: 'reply_user', body: 'Спасибо', from: 7, removed: null },
      { id: 4, created: 40, type: 'reply_admin', body: 'Выберите тему', from: bot, removed: null },
    ];
    // The docs do not say whether a removed part still has its body: part 1 keeps it (the worst case for
    // us), part 4 comes without it.
    const after = before.map((part) =>
      part.id === 1 ? { ...part, removed: removedAt } : part.id === 4 ? { ...part, body: '', removed: 41 } : part,
    );

    it('keeps its place without its text, with the time it was removed', () => {
      const transcript = buildTranscript(after);
      expect(
        transcript.messages.map((m) => [m.partId, m.author, m.text, m.removedAt?.getTime() ?? null]),
      ).to.deep.equal([
        ['1', 'visitor', null, removedAt * 1000],
        ['2', 'operator', 'Записал', null],
        ['3', 'visitor', 'Спасибо', null],
        ['4', 'bot', null, 41_000],
      ]);
    });

    it('is never a visitor text nor the first message, and counts as the message it was', () => {
      const transcript = buildTranscript(after);
      expect(transcript.visitorTexts).to.deep.equal(['Спасибо']);
      expect(transcript.firstVisitorMessage).to.equal('Спасибо');
      const earlier = buildTranscript(before);
      expect(earlier.messages.map((m) => m.author)).to.deep.equal(transcript.messages.map((m) => m.author));
      expect(transcript.messagesCount).to.equal(4);
      expect(earlier.messagesCount).to.equal(4);
    });
  });
});
