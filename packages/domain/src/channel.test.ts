import { expect } from 'chai';
import { loadFixture } from '@carrot-bridge/fixtures';
import { classifyChannel, isMessengerChannel } from './channel';
import type { CarrotQuestPartShape } from './carrotquest-shapes';

const userPart = (sent_via: string): CarrotQuestPartShape => ({
  id: 1,
  created: 100,
  type: 'reply_user',
  sent_via,
  from: 42,
});

describe('classifyChannel', () => {
  it('classifies the fixture widget conversation as widget', () => {
    const conversation = loadFixture('api-conversation').data;
    const parts = loadFixture('api-conversation-parts').data;
    expect(classifyChannel(conversation, parts)).to.deep.equal({ channel: 'widget', raw: 'popup_chat' });
  });

  it('classifies the fixture Telegram conversation as telegram', () => {
    const conversation = loadFixture('api-conversation-telegram').data;
    expect(classifyChannel(conversation, [])).to.deep.equal({ channel: 'telegram', raw: 'telegram' });
  });

  const table: Array<[string, Parameters<typeof classifyChannel>[0], CarrotQuestPartShape[], string, string | null]> = [
    ['whatsapp channel type', { type: 'popup_chat', channel: { type: 'whatsapp' } }, [], 'whatsapp', 'whatsapp'],
    ['viber channel type', { channel: { type: 'viber' } }, [], 'viber', 'viber'],
    ['vk channel type', { channel: { type: 'vk' } }, [], 'vk', 'vk'],
    ['facebook channel type', { channel: { type: 'facebook' } }, [], 'facebook', 'facebook'],
    ['instagram channel type', { channel: { type: 'instagram' } }, [], 'instagram', 'instagram'],
    ['avito channel type', { channel: { type: 'avito' } }, [], 'avito', 'avito'],
    ['upper-case and padded type', { channel: { type: ' Telegram ' } }, [], 'telegram', 'telegram'],
    [
      'external_service when channel is manual',
      { channel: { type: 'manual' }, external_service: 'whatsapp' },
      [],
      'whatsapp',
      'whatsapp',
    ],
    ['vkontakte alias', { external_service: 'vkontakte' }, [], 'vk', 'vkontakte'],
    [
      'unknown messenger channel type keeps raw',
      { channel: { type: 'yandex_dialogs' } },
      [],
      'other',
      'yandex_dialogs',
    ],
    [
      'unknown external service keeps raw',
      { channel: { type: 'manual' }, external_service: 'max' },
      [],
      'other',
      'max',
    ],
    [
      'visitor wrote through an integration',
      { type: 'popup_chat', channel: { type: 'manual' } },
      [userPart('integrations')],
      'other',
      'manual',
    ],
    ['email channel is classified, not dropped', { type: 'email', channel: { type: 'email' } }, [], 'email', 'email'],
    ['incoming email conversation', { type: 'incoming_email', channel: null }, [], 'email', 'incoming_email'],
    ['visitor wrote by email', { type: null }, [userPart('email_user')], 'email', 'email_user'],
    ['mobile SDK chat', { type: 'popup_chat', channel: { type: 'mobile' } }, [], 'other', 'mobile'],
    ['iOS app part', { type: null }, [userPart('app_ios')], 'other', 'app_ios'],
    ['popup_small is the widget', { type: 'popup_small', channel: { type: 'manual' } }, [], 'widget', 'popup_small'],
    ['lead bot conversation on the site', { type: 'lead_bot' }, [], 'widget', 'lead_bot'],
    ['no type but visitor wrote from the site', { type: null }, [userPart('web_user')], 'widget', 'web_user'],
    ['nothing known at all', {}, [], 'other', null],
    ['unknown conversation type keeps raw', { type: 'push' }, [], 'other', 'push'],
  ];
  for (const [name, conversation, parts, channel, raw] of table) {
    it(`${name} -> ${channel}`, () => {
      expect(classifyChannel(conversation, parts)).to.deep.equal({ channel, raw });
    });
  }

  it('uses the FIRST visitor part, not a later one', () => {
    const parts: CarrotQuestPartShape[] = [
      { id: 2, created: 200, type: 'reply_user', sent_via: 'integrations', from: 1 },
      { id: 1, created: 100, type: 'reply_user', sent_via: 'web_user', from: 1 },
    ];
    expect(classifyChannel({ type: null }, parts).channel).to.equal('widget');
  });
});

describe('isMessengerChannel', () => {
  it('accepts messengers and rejects widget and email', () => {
    expect(['telegram', 'other', 'avito'].every(isMessengerChannel)).to.equal(true);
    expect(['widget', 'email', 'sms'].some(isMessengerChannel)).to.equal(false);
  });
});
