import type { DeliveryBody, DeliveryRecord, UnauthenticatedDeliveries } from '@carrot-bridge/delivery-log';
import { terminalSafe } from './terminal-safe';

function bodyLines(body: DeliveryBody): string[] {
  const safe = (value: string | null | undefined) => terminalSafe(value ?? '');
  const about = [
    safe(body.contentType) || 'no content type',
    safe(body.encoding),
    `${body.bytes} bytes`,
    ...(body.truncated ? ['cut at 16 KiB'] : []),
  ].join(', ');
  const head = `--- body of ${safe(body.at)} (${about})`;
  if (body.encoding === 'unparsed') return [head, `not understood, so not kept: SHA-256 ${safe(body.sha256)}`];
  return [head, safe(body.body)];
}

/** `pnpm cq deliveries`: one line per delivery, newest first, then (with bodies) each redacted body. Everything received is printed terminal-safe. */
export function deliveryLines(
  log: { deliveries: DeliveryRecord[]; bodies: DeliveryBody[]; unauthenticated?: UnauthenticatedDeliveries },
  withBodies: boolean,
): string[] {
  const refused =
    log.unauthenticated && log.unauthenticated.count > 0
      ? [
          `${log.unauthenticated.count} deliveries without the right token counted, not listed (last ${terminalSafe(log.unauthenticated.lastAt ?? '-')}): ${Object.entries(
            log.unauthenticated.byAnswer,
          )
            .map(([answer, n]) => `${terminalSafe(answer)} ${n}`)
            .join(', ')}`,
        ]
      : [];
  if (log.deliveries.length === 0) return [...refused, 'no deliveries yet'];
  const lines = log.deliveries.map((d) =>
    [d.at, String(d.httpStatus), d.status, d.eventName ?? d.kind ?? '-', d.conversationId ?? '-', d.problem ?? '']
      .map((part) => terminalSafe(String(part)))
      .join('  ')
      .trimEnd(),
  );
  lines.push(...refused);
  if (withBodies) {
    for (const body of log.bodies) lines.push('', ...bodyLines(body));
  }
  return lines;
}
