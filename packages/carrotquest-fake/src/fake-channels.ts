// `GET /apps/{app}/channels` (https://developers.carrotquest.io/webapi/endpoints/apps/channels): the
// app's Channel objects. `operators` ("An array of operators, who can read conversations from this
// channel. Admin objects", https://developers.dashly.io/objects/channel) is an optional field.
// Optional fields: "Опциональные поля возвращаются в объекте только тогда, когда они явно запрошены (или
// метод "включает" их по умолчанию)", requested "с помощью boolean параметров запроса вида
// include_{field_name}=true" (https://developers.carrotquest.io/webapi/objects_optional_fields); and this
// endpoint: "Поля auto_set, auto_set_settings, droppable, not_assigned_count, not_read_count, operators,
// priority включены по умолчанию". So the fake answers `operators` unless the request sets
// `include_operators` to a false value (any spelling of "false", "0" or an empty string,
// https://developers.dashly.io/webapi/types/). That a default field can be switched off so is our reading
// of those pages; they do not say it.
import { adminObject, type ScenarioOperator } from './question-parts';
import type { Json } from './fake-state';

const DEFAULT_OPTIONAL_FIELDS = [
  'auto_set',
  'auto_set_settings',
  'droppable',
  'not_assigned_count',
  'not_read_count',
  'operators',
  'priority',
];

/** A documented Boolean parameter: "Any form of false word", "0" and "" are false; anything else true. */
function booleanParameter(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  return !(text === '' || text === '0' || text.toLowerCase() === 'false');
}

/** The channels as the endpoint answers them to this request's `include_*` parameters. */
export function channelsAnswer(channels: readonly Json[], query: Record<string, unknown>): Json[] {
  const left = DEFAULT_OPTIONAL_FIELDS.filter((field) => booleanParameter(query[`include_${field}`]) === false);
  return channels.map((channel) => {
    const shown = { ...channel };
    for (const field of left) delete shown[field];
    return shown;
  });
}

/** The channel's operators as documented Admin objects (id, name, avatar, type). */
export function channelWithOperators(channel: Json, operators: readonly ScenarioOperator[]): Json {
  return { ...channel, operators: operators.map(adminObject) };
}
