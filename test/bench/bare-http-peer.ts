// The transfer ceiling of plain Node HTTP on this machine, for documents-transfer.bench.ts: a
// server with no framework, no parsing, no hashing and no fsync that drops whatever is POSTed
// and streams the file named on the command line to whoever GETs it. Measured against it, the
// bench's own client shows whether it (and Node's HTTP stack over loopback) is the bottleneck.
//
//   node -r ./scripts/register-ts.js test/bench/bare-http-peer.ts <file>   (prints its port)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';

const MiB = 1024 * 1024;
const file = process.argv[2];
if (!file) throw new Error('usage: bare-http-peer.ts <file to serve>');

const server = createServer((request, response) => {
  if (request.method === 'POST') {
    let received = 0;
    request.on('data', (chunk: Buffer) => (received += chunk.length));
    request.on('end', () => {
      response.writeHead(201, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ received }));
    });
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(statSync(file).size) });
  pipeline(createReadStream(file, { highWaterMark: MiB }), response, () => undefined);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
});
