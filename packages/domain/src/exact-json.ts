import { isSafeNumber, parse } from 'lossless-json';
import { mayHoldLoneSurrogate, wellFormedJsonValue } from './well-formed-text';

// JSON from CarrotQuest carries ids that can exceed 2^53 ("ID ... Maximum value is 2^64 - 1",
// https://developers.dashly.io/webapi/types/), and JSON.parse silently rounds them. lossless-json is a
// small, well-kept parser that hands us each number's text, so an integer past 2^53 is kept as its exact
// decimal text instead of being rounded.

const LONG_DIGIT_RUN = /\d{16}/;

function exactNumber(text: string): number | string {
  if (isSafeNumber(text)) return Number(text);
  // An integer past 2^53 stays exact as text; a float or an exponent form stays a (rounded) number, and
  // the id readers refuse it as not exact.
  return /^-?\d+$/.test(text) ? text : Number(text);
}

/**
 * JSON.parse, except that integers past 2^53 come back as their exact decimal text, and a lone UTF-16
 * surrogate (an unpaired "\ud800" escape) as U+FFFD (well-formed-text.ts: what every JSON we read from
 * outside — webhooks, CarrotQuest, the Data API — must be before it reaches a store). The fast path is
 * plain JSON.parse: only a text holding a run of 16+ digits can hold such a number, only one with a
 * surrogate escape such a string.
 */
export function parseExactJson(text: string): unknown {
  const value = LONG_DIGIT_RUN.test(text) ? parse(text, null, exactNumber) : JSON.parse(text);
  return mayHoldLoneSurrogate(text) ? wellFormedJsonValue(value) : value;
}
