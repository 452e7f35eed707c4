// The baseline of the ingress benchmark: a bare Express app that parses the same form body and answers
// 200 JSON, doing nothing else. Listens on BENCH_BARE_PORT.
import express from 'express';

const app = express();
app.post('/webhooks/carrotquest/:key', express.urlencoded({ extended: false, limit: 64 * 1024 }), (_req, res) => {
  res.json({ status: 'queued' });
});
app.listen(Number(process.env.BENCH_BARE_PORT), '127.0.0.1');
