import type { DeliveryBody, DeliveryRecord } from '@carrot-bridge/delivery-log';

/** `pnpm cq deliveries`: one line per delivery, newest first, then (with bodies) each redacted body. */
export function deliveryLines(log: { deliveries: DeliveryRecord[]; bodies: DeliveryBody[] }, withBodies: boolean): string[] {
  if (log.deliveries.length === 0) return ['no deliveries yet'];
  const lines = log.deliveries.map((d) =>
    [d.at, String(d.httpStatus), d.status, d.eventName ?? d.kind ?? '-', d.conversationId ?? '-', d.problem ?? ''].join('  ').trimEnd(),
  );
  if (withBodies) {
    for (const body of log.bodies) {
      lines.push('', `--- body of ${body.at} (${body.contentType ?? 'no content type'}${body.truncated ? ', cut at 16 KiB' : ''})`, body.body);
    }
  }
  return lines;
}
