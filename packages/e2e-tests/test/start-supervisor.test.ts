import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { SupervisedApp } from '../../../scripts/supervised-app';

// Issue #12, item 11: `pnpm start` restarts a crashed app with back-off and says so; only stop() ends it.
describe('pnpm start: a crashed app is restarted, not the whole stack stopped', () => {
  it('restarts a crashing process with growing delays, logs each restart, and stops it for good on stop()', async () => {
    const lines: string[] = [];
    const spawnedAt: number[] = [];
    let healthyReady: Promise<unknown> = new Promise(() => undefined);
    const app = new SupervisedApp(
      'crashy',
      () => {
        spawnedAt.push(Date.now());
        // Crashes at once the first three times, then stays up until stopped (saying so once its SIGTERM handler is in).
        const child = spawn(process.execPath, [
          '-e',
          spawnedAt.length <= 3
            ? 'process.exit(3)'
            : 'process.on("SIGTERM", () => process.exit(0)); console.log("ready"); setInterval(() => {}, 1000)',
        ]);
        if (spawnedAt.length === 4) healthyReady = new Promise((resolve) => child.stdout.once('data', resolve));
        return child;
      },
      (line) => lines.push(line),
      { baseDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000 },
    );
    app.start();
    const deadline = Date.now() + 15_000;
    while (spawnedAt.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(spawnedAt).to.have.length(4);
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/crashy exited unexpectedly \(code 3\); restarting in 0\.1 s \(crash 1 in a row\)/);
    expect(lines[2]).to.match(/restarting in 0\.4 s \(crash 3 in a row\)/);
    // Back-off: each wait at least as long as the one before.
    const gaps = spawnedAt.slice(1).map((at, i) => at - spawnedAt[i]!);
    expect(gaps[2]!).to.be.at.least(gaps[0]!);
    await healthyReady;
    app.stop();
    expect(await app.stopped).to.equal(0);
    // Stopped for good: no restart is scheduled, and a stopped app's exit schedules none.
    expect(app.restartPending).to.equal(false);
    expect(spawnedAt).to.have.length(4);
  });
});
