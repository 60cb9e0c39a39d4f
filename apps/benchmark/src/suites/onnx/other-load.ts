import { readFileSync } from 'node:fs';

/** Linux's clock tick for /proc/stat (USER_HZ), 100 on every architecture Node runs on. */
const MS_PER_TICK = 10;

/** CPU time the whole machine has spent busy since boot, in ms, from /proc/stat; undefined where there is none. */
function machineBusyMs(): number | undefined {
  let line: string | undefined;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal …: all but idle and iowait are busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] =
    line?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  return (user + nice + system + irq + softirq + steal) * MS_PER_TICK;
}

/**
 * Starts watching the CPU that other processes use; the function returned gives their average,
 * in cores, since the call (the machine's busy time less this process's, all its threads and
 * workers included, over the wall-clock time), or undefined where /proc/stat is missing.
 */
export function watchOtherLoad(): () => number | undefined {
  const busy = machineBusyMs();
  const own = process.cpuUsage();
  const start = performance.now();
  return () => {
    const now = machineBusyMs();
    if (busy === undefined || now === undefined) return undefined;
    const { user, system } = process.cpuUsage(own);
    return Math.max(0, now - busy - (user + system) / 1000) / (performance.now() - start);
  };
}
