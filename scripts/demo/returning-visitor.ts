// The demo's returning visitor (issue #23): one conversation, two questions a month apart, each brought
// by its own ad session. Question 1 came 30 days ago from a Yandex.Direct session; the visitor comes
// back today from Google Ads and asks again in the same conversation (a new part group). Expected: two
// chats, question 1 on the Yandex.Direct campaign, question 2 on the Google Ads one.
import { buildQuestionResolvedWebhooks, type FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { DEMO } from '../../prisma/demo-account';
import type { ConsoleApi } from './console-api';
import { resultRow, type DemoChat, type ResultRow } from './result-row';

const DAY_SECONDS = 86_400;
interface Ad {
  campaign: { id: string; name: string };
  source: { id: string };
}
const YANDEX: Ad = { campaign: DEMO.campaigns[1]!, source: DEMO.sources[0]! };
const GOOGLE: Ad = { campaign: DEMO.campaigns[2]!, source: DEMO.sources[1]! };

export class ReturningVisitor {
  private readonly now = Math.floor(Date.now() / 1000);
  private readonly firstAt = this.now - 30 * DAY_SECONDS;
  private readonly secondAt = this.now - 10 * 60;
  private readonly sessions: { yandex: string; google: string };

  constructor(
    private readonly fake: FakeCarrotQuest,
    private readonly apiKey: string,
    private readonly run: number,
    readonly conversationId: string,
    readonly userId: string,
  ) {
    this.sessions = { yandex: `demo-${run}-yandex`, google: `demo-${run}-google` };
  }

  /** The two tracker sessions, each started a little before its question, through the console's API. */
  async seedSessions(consoleApi: ConsoleApi): Promise<void> {
    const session = (externalId: string, startedAt: number, ad: Ad, utmSource: string) => ({
      externalId,
      siteId: DEMO.sites[0]!.id,
      startedAt: new Date(startedAt * 1000).toISOString(),
      campaignId: ad.campaign.id,
      sourceId: ad.source.id,
      utmSource,
      utmMedium: 'cpc',
      utmContent: 'demo-returning',
    });
    await consoleApi.api('POST', `/accounts/${DEMO.accountId}/visitor-sessions/bulk`, {
      sessions: [
        session(this.sessions.yandex, this.firstAt - 15 * 60, YANDEX, 'yandex'),
        session(this.sessions.google, this.secondAt - 15 * 60, GOOGLE, 'google'),
      ],
    });
  }

  /** Question 1, 30 days ago, answered and closed; the visitor's session prop names the Yandex.Direct session. */
  addFirstQuestion(): void {
    this.fake.addChat(this.apiKey, {
      conversationId: this.conversationId,
      userId: this.userId,
      name: 'Вернувшийся посетитель',
      propsCustom: { [SESSION_PROPS.sessionId]: this.sessions.yandex, [SESSION_PROPS.utmContent]: 'demo' },
      questions: [
        {
          startedAt: this.firstAt,
          texts: ['Здравствуйте, сколько стоит доставка в Пермь?', 'От 300 ₽, 2 дня', 'Спасибо!'],
          closedPart: true,
        },
      ],
    });
  }

  /** Question 2, today, from the Google Ads session: the visitor's session prop has moved on. */
  addSecondQuestion(): void {
    this.fake.addQuestion(this.apiKey, this.conversationId, {
      startedAt: this.secondAt,
      texts: ['Снова здравствуйте! Хочу заказать ещё', 'Оформим, какой адрес?', 'Пермь, Ленина 1'],
      operator: { id: '5530', name: 'Мария' },
      closedPart: true,
      propsCustom: { [SESSION_PROPS.sessionId]: this.sessions.google },
    });
  }

  /** The resolved event of question 1 or 2 (one event per question, each its own id). */
  webhookOf(question: 1 | 2): string {
    const webhooks = buildQuestionResolvedWebhooks({
      conversationId: this.conversationId,
      userId: this.userId,
      parts: this.fake.apps.get(this.apiKey)!.parts.get(this.conversationId)!,
      firstEventId: String(this.run * 1000 + 500),
    });
    return webhooks[question - 1]!.body;
  }

  /** The chat of each question, told apart by its start (the day of its first message). */
  private chatOf(chats: readonly DemoChat[], startedAt: number): DemoChat | undefined {
    return chats.find(
      (c) =>
        c.conversationId === this.conversationId &&
        Math.abs(new Date(c.startedAt).getTime() / 1000 - startedAt) < DAY_SECONDS / 2,
    );
  }

  imported(chats: readonly DemoChat[], question: 1 | 2): boolean {
    return this.chatOf(chats, question === 1 ? this.firstAt : this.secondAt) !== undefined;
  }

  rows(chats: readonly DemoChat[]): Array<{ row: ResultRow; ok: boolean }> {
    return [
      resultRow(
        { label: 'вернулся: вопрос 1, 30 дней назад', kind: 'session', campaign: YANDEX.campaign.name },
        this.chatOf(chats, this.firstAt),
      ),
      resultRow(
        { label: 'вернулся: вопрос 2, сегодня', kind: 'session', campaign: GOOGLE.campaign.name },
        this.chatOf(chats, this.secondAt),
      ),
    ];
  }
}
