// Where a run's CPU went: user + system time of every process on the machine, read from /proc before
// and after, grouped by role (the bench's own children by pid, servers by command name). Linux only.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function cpuTicks(pid: string): { comm: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command.
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function snapshot(): Map<string, { comm: string; ticks: number }> {
  const all = new Map<string, { comm: string; ticks: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const entry = cpuTicks(pid);
    if (entry) all.set(pid, entry);
  }
  return all;
}

/** The machine's own counters (/proc/stat "cpu" line): what no process is charged with. */
function machine(): { idle: number; kernelNetwork: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return { idle: fields[3]! + fields[4]!, kernelNetwork: fields[5]! + fields[6]! };
}

/**
 * Sampled every 250 ms while running, so a process that exits during a run (a PostgreSQL backend an
 * idle pool closes) keeps the CPU it used up to its last sample instead of taking it along.
 */
export class CpuAccounting {
  private before = snapshot();
  private lastSeen = new Map<string, { comm: string; ticks: number }>();
  private machineBefore = machine();
  private sampler: NodeJS.Timeout | undefined;

  start(): void {
    this.before = snapshot();
    this.lastSeen = new Map(this.before);
    this.machineBefore = machine();
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(), 250);
  }

  private sample(): void {
    for (const [pid, entry] of snapshot()) this.lastSeen.set(pid, entry);
  }

  /** CPU seconds per role since start(); `roles` names pids, the rest are grouped by command; plus the machine's softirq and idle. */
  stop(roles: Record<string, Array<number | undefined>>): Record<string, number> {
    clearInterval(this.sampler);
    this.sample();
    const after = this.lastSeen;
    const roleOf = new Map<string, string>();
    for (const [role, pids] of Object.entries(roles)) for (const pid of pids) if (pid) roleOf.set(String(pid), role);
    const seconds: Record<string, number> = {};
    for (const [pid, { comm, ticks }] of after) {
      const delta = ticks - (this.before.get(pid)?.comm === comm ? this.before.get(pid)!.ticks : 0);
      if (delta <= 0) continue;
      const role =
        roleOf.get(pid) ?? (comm.startsWith('postgres') ? 'postgres' : comm.startsWith('redis') ? 'redis' : 'other');
      seconds[role] = (seconds[role] ?? 0) + delta / TICKS_PER_SECOND;
    }
    // Interrupt and softirq time (loopback TCP between the processes is processed there) and idle time.
    const machineAfter = machine();
    seconds.softirq = (machineAfter.kernelNetwork - this.machineBefore.kernelNetwork) / TICKS_PER_SECOND;
    seconds.idle = (machineAfter.idle - this.machineBefore.idle) / TICKS_PER_SECOND;
    return seconds;
  }
}
