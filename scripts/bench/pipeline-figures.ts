// One row of the pipeline section: a pipeline run or a bare upsert loop, with its CPU by process.
export interface PipelineFigures {
  label: string;
  n: number;
  chatsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Highest resident set size of one worker process seen during the run. */
  workerRssMb: number | null;
  /** Worker processes that ran it (null: no worker, a bare loop). */
  workers: number | null;
  /** CPU milliseconds per chat by process role (worker, ingress, bench = senders + fake CarrotQuest, postgres, redis, other). */
  cpuMsPerChat: Record<string, number>;
}
