// What `pnpm cq` prints of text that came from outside (a failure reason, a cabinet name, a webhook
// field): every line goes through here before it reaches the operator's terminal.

/** C0 (line breaks included: lines are ours), DEL, C1, and the bidi overrides and isolates. */
export function isUnsafeForTerminal(code: number): boolean {
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

/** Lines of ours holding outside text, each made terminal-safe (a line break inside one is shown, not acted on). */
export function terminalSafeLines(lines: readonly string[]): string {
  return lines.map(terminalSafe).join('\n');
}

/**
 * A value as indented JSON that is still JSON (it parses back to the same value) and safe for a
 * terminal: JSON.stringify escapes C0 but leaves DEL, C1 and bidi characters as they are; here they are
 * written as \u escapes. Outside string literals JSON has only its own characters, so every one found is inside one.
 */
export function terminalSafeJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    // Its own line breaks (indentation) are the only raw C0 JSON.stringify writes.
    if (code === 0x0a || !isUnsafeForTerminal(code)) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
