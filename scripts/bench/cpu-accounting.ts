// Where a run's CPU went: user + system time of every process on the machine, read from /proc before
// and after, grouped by role (the bench's own children by pid, servers by command name). Linux only.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** Servers whose processes come and go (PostgreSQL's backends, closed by idle pools): their parent's reaped-children time counts too. */
const SERVERS = /^(postgres|redis)/;

function cpuTicks(pid: string): { comm: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields 14-17 of stat (utime, stime, cutime, cstime) are 12-15 after the command. A backend that
    // exits during a run would take its CPU with it; the postmaster's cutime/cstime keep it.
    const own = Number(fields[11]) + Number(fields[12]);
    return { comm, ticks: SERVERS.test(comm) ? own + Number(fields[13]) + Number(fields[14]) : own };
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

export class CpuAccounting {
  private before = snapshot();
  private machineBefore = machine();

  start(): void {
    this.before = snapshot();
    this.machineBefore = machine();
  }

  /** CPU seconds per role since start(); `roles` names pids, the rest are grouped by command; plus the machine's softirq and idle. */
  stop(roles: Record<string, Array<number | undefined>>): Record<string, number> {
    const after = snapshot();
    const roleOf = new Map<string, string>();
    for (const [role, pids] of Object.entries(roles)) for (const pid of pids) if (pid) roleOf.set(String(pid), role);
    const seconds: Record<string, number> = {};
    for (const [pid, { comm, ticks }] of after) {
      const delta = ticks - (this.before.get(pid)?.comm === comm ? this.before.get(pid)!.ticks : 0);
      if (delta <= 0) continue;
      const role = roleOf.get(pid) ?? (comm.startsWith('postgres') ? 'postgres' : comm.startsWith('redis') ? 'redis' : 'other');
      seconds[role] = (seconds[role] ?? 0) + delta / TICKS_PER_SECOND;
    }
    // Interrupt and softirq time (loopback TCP between the processes is processed there) and idle time.
    const machineAfter = machine();
    seconds.softirq = (machineAfter.kernelNetwork - this.machineBefore.kernelNetwork) / TICKS_PER_SECOND;
    seconds.idle = (machineAfter.idle - this.machineBefore.idle) / TICKS_PER_SECOND;
    return seconds;
  }
}
