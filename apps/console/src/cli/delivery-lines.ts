import type { DeliveryBody, DeliveryRecord, UnauthenticatedDeliveries } from '@carrot-bridge/delivery-log';

/** C0 (line breaks included: lines are ours), DEL, C1, and the bidi overrides and isolates. */
function isUnsafeForTerminal(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Text that came from outside, made harmless for a terminal: control characters (an ESC starting a
 * CSI or OSC sequence, a carriage return overwriting the line) and bidi overrides (text that reads
 * differently than it is) are shown as visible escapes (`\x1b`, `\u202e`) instead of acting.
 */
export function terminalSafe(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (!isUnsafeForTerminal(code)) continue;
    out +=
      text.slice(from, i) +
      (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

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
