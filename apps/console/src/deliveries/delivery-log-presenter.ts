import type { DeliveryBody, DeliveryLog, DeliveryRecord } from '@carrot-bridge/delivery-log';
import { readDelivery, type DeliveryReading } from './delivery-reasons';

type DeliveryLogRead = Awaited<ReturnType<DeliveryLog['read']>>;

/** A delivery as the page shows it: the record (its English `problem` is the detail) with its answer and reason in Russian. */
export type PresentedDelivery = DeliveryRecord & DeliveryReading;

/**
 * The delivery log for the page: reasons in Russian beside the stable status and the English detail;
 * each body with its delivery's kind and conversation. Bodies kept before they carried them take them
 * from the one entry of the same moment, when exactly one has it (the ingress writes both at once).
 */
export function presentDeliveryLog(log: DeliveryLogRead) {
  const byMoment = new Map<string, DeliveryRecord[]>();
  for (const d of log.deliveries) byMoment.set(d.at, [...(byMoment.get(d.at) ?? []), d]);
  const bodies = log.bodies.map((body): DeliveryBody => {
    if (body.conversationId !== undefined) return body;
    const same = byMoment.get(body.at);
    const entry = same?.length === 1 ? same[0]! : null;
    return {
      ...body,
      kind: entry?.kind ?? null,
      eventName: entry?.eventName ?? null,
      conversationId: entry?.conversationId ?? null,
    };
  });
  return {
    deliveries: log.deliveries.map((d): PresentedDelivery => ({ ...d, ...readDelivery(d) })),
    bodies,
    unauthenticated: log.unauthenticated,
  };
}
