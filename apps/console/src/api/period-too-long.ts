/** 1 день, 2 дня, 5 дней (11–14 take the third form). */
function days(n: number): string {
  const tens = n % 100;
  const units = n % 10;
  const word = tens >= 11 && tens <= 14 ? 'дней' : units === 1 ? 'день' : units >= 2 && units <= 4 ? 'дня' : 'дней';
  return `${n} ${word}`;
}

/**
 * What is wrong with a period over the limit, as the forms say it (the backfill's, the report's): its length
 * and the limit, not the rule («Период 731 день — больше 366: сократите его»).
 */
export function periodTooLongMessage(lengthInDays: number, maxDays: number): string {
  return `Период ${days(lengthInDays)} — больше ${maxDays}: сократите его`;
}
