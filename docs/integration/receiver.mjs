// A county system's webhook receiver, in a few lines of Node (docs/integration.md, "Receiving and verifying").
// FCP_WEBHOOK_SECRET is the `secret` createWebhook answered once (whsec_…); PORT where to listen.
// test/integration/guide-receiver.e2e-spec.ts runs this very file against the platform.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.FCP_WEBHOOK_SECRET);
const seen = new Set(); // in production: a unique key on the event id in your own database

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      // the signature over id.timestamp.body, and a timestamp within 5 minutes (a replayed old request fails)
      event = webhook.verify(body, req.headers);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // at least once: the same event may come again (a retry, a redelivery): the webhook-id says so
    if (!seen.has(event.id)) {
      seen.add(event.id);
      process.stdout.write(`${JSON.stringify(event)}\n`); // your work here: quick, or queue it and answer
    }
    res.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', function () {
  process.stdout.write(`listening on ${this.address().port}\n`);
});
