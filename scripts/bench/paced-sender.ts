// Live load as real accounts send it: webhook k leaves at start + k / rate, each on its own due time
// (a timer, not bursts of a connection's share of the second), whatever the answers to earlier ones.
// What it records says whether the load was what the row claims: the achieved rate and how late the
// sender itself was (a busy machine delays the timer; the latencies measured in the rows begin at the
// ingress's receipt, so the sender's lateness lowers the load, never inflates a latency).
import { performance } from 'node:perf_hooks';

export interface PacedLoad {
  sent: number;
  /** Webhooks per second between the first and the last send. */
  achievedPerSecond: number;
  /** How far behind its due time a webhook left: p99 and worst, ms. */
  lateP99Ms: number;
  lateMaxMs: number;
  /** Answers other than 200, by status. */
  refused: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `rate × seconds` webhooks, webhook k by `send(k)`, each at its due time; resolves when all are answered. */
export async function sendPaced(
  rate: number,
  seconds: number,
  send: (k: number) => Promise<string>,
): Promise<PacedLoad> {
  const total = Math.round(rate * seconds);
  const late: number[] = [];
  const answers: Array<Promise<string>> = [];
  const start = performance.now();
  let first = 0;
  let last = 0;
  for (let k = 0; k < total;) {
    const now = performance.now();
    const due = start + (k * 1000) / rate;
    if (due > now) {
      await sleep(due - now);
      continue;
    }
    // Everything already due goes now: a timer that fired late catches up instead of shifting the rest.
    while (k < total && start + (k * 1000) / rate <= performance.now()) {
      const sentAt = performance.now();
      late.push(sentAt - (start + (k * 1000) / rate));
      if (k === 0) first = sentAt;
      last = sentAt;
      answers.push(send(k));
      k += 1;
    }
  }
  const refused: Record<string, number> = {};
  for (const status of await Promise.all(answers)) if (status !== '200') refused[status] = (refused[status] ?? 0) + 1;
  late.sort((a, b) => a - b);
  return {
    sent: total,
    achievedPerSecond: total > 1 ? ((total - 1) * 1000) / (last - first) : 0,
    lateP99Ms: Math.round(late[Math.floor(late.length * 0.99)] ?? 0),
    lateMaxMs: Math.round(late.at(-1) ?? 0),
    refused,
  };
}
