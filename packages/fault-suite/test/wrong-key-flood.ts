// A child process that sends `total` POSTs to a URL at `rate` per second (0: as fast as the server
// answers) on `lanes` connections, then prints the count of each status as JSON. Separate from the test
// process so the flood's own CPU does not distort the latencies the test measures.
import { FormPoster } from '@carrot-bridge/test-support';

const [url, totalArg, rateArg, lanesArg] = process.argv.slice(2);
const total = Number(totalArg);
const rate = Number(rateArg);
const started = Date.now();
let next = 0;
const poster = new FormPoster();
const statuses: Record<string, number> = {};
await Promise.all(
  Array.from({ length: Number(lanesArg) }, async () => {
    while (next < total) {
      const due = rate > 0 ? started + (next / rate) * 1000 : 0;
      next += 1;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const status = await poster.post(url!, 'type=event');
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
poster.close();
process.stdout.write(JSON.stringify(statuses));
