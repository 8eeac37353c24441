import { freePort } from '@cmm/test-support';
// @needs-services
// Benchmark (on demand, not part of `npm test`): uploads and downloads a large random file
// through the real API process (the build in dist/) and compares the throughput, measured in
// the same run on the same disk, with `cp` + fsync of the file (upload: the API must store it
// durably) and `cat file > /dev/null` of the stored file (download: the client drops the
// bytes, as cat does); samples the API's resident memory meanwhile. The same client against a
// bare Node HTTP peer (test/bench/bare-http-peer.ts) gives the ceiling of the client and of
// Node's HTTP over loopback on this machine at that moment.
//
//   npm run bench -- documents-transfer
//
// scripts/bench.sh builds, starts private PostgreSQL, Redis and Temporal and exports their
// addresses; this file creates and drops its own database there and works under .data/bench/.
// BENCH_SIZE_MB changes the file size (default 1024), BENCH_ROUNDS the rounds (default 3,
// medians reported). Prints one JSON line; asserts nothing.
import { ensureDevIssuer, issueDevToken } from '@cmm/auth';
import { contentKey } from '@cmm/documents';
import { CaseRepository, MunicipalityRepository, createDataSource } from '@cmm/persistence';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes, randomFill, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_SIZE_MB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLE_EVERY_MS = 10;

const repositoryRoot = (): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error('repository root not found');
};

const serverUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run it with `npm run bench -- documents-transfer`, which starts PostgreSQL');
  return url;
};

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** Random content in 1 MiB blocks (the generator never holds the file either), with a PDF header. */
async function generate(path: string, size: number): Promise<void> {
  const fill = promisify(randomFill);
  const handle = await open(path, 'w');
  try {
    const block = Buffer.alloc(MiB);
    for (let written = 0; written < size; written += MiB) {
      await fill(block);
      // Accepted uploads are recognised by content: the random bytes start as a PDF.
      if (written === 0) block.write('%PDF-1.7\n', 'latin1');
      await handle.write(block, 0, Math.min(MiB, size - written));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: MiB }), hash);
  return hash.digest('hex');
}

/** VmRSS and VmHWM of a process, in KiB, from /proc (Linux). */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat, clock ticks of 10 ms). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Flushes dirty pages, so that one step's writeback does not slow down the next one's. */
const flushDisk = (): void => {
  execFileSync('sync');
};

function sampler(pid: number) {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await memoryOf(pid).catch(() => ({ rss: 0 }))).rss);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  return {
    async stop(): Promise<number> {
      running = false;
      await loop;
      return peak;
    },
  };
}

async function waitForApi(port: number, api: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode} while starting`);
    const up = await new Promise<boolean>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/status' }, (response) => {
        response.resume();
        resolve(true);
      })
        .on('error', () => resolve(false))
        .end();
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not start within 60 s');
}

const readBody = async (response: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** multipart/form-data streamed from the file: the body is never assembled in memory. */
async function postMultipart(port: number, token: string, target: string, path: string, title: string): Promise<IncomingMessage> {
  const size = (await stat(path)).size;
  const boundary = `bench-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbenchmark\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const call = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: target,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(head.length + size + tail.length),
    },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => call.on('response', resolve).on('error', reject));
  await pipeline(async function* () {
    yield head;
    yield* createReadStream(path, { highWaterMark: MiB });
    yield tail;
  }, call);
  return answered;
}

async function upload(
  port: number,
  token: string,
  caseId: string,
  path: string,
  title: string,
): Promise<{ contentUrl: string; sha256: string }> {
  const response = await postMultipart(port, token, `/cases/${caseId}/documents`, path, title);
  const body = await readBody(response);
  if (response.statusCode !== 201) throw new Error(`upload answered ${response.statusCode}: ${body}`);
  return JSON.parse(body);
}

async function get(port: number, token: string, path: string): Promise<IncomingMessage> {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    request({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` } }, resolve)
      .on('error', reject)
      .end(),
  );
  if (response.statusCode !== 200) throw new Error(`download answered ${response.statusCode}: ${await readBody(response)}`);
  return response;
}

/** The timed download: counts the bytes and drops them, as `cat file > /dev/null` does. */
async function download(port: number, token: string, path: string): Promise<number> {
  let received = 0;
  for await (const chunk of await get(port, token, path)) received += (chunk as Buffer).length;
  return received;
}

/** An untimed download whose bytes are hashed: the content must come back as it went in. */
async function downloadDigest(port: number, token: string, path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(await get(port, token, path), hash);
  return hash.digest('hex');
}

/** `cat <file> > /dev/null`: the file read through the page cache and dropped. */
function catToNull(path: string): void {
  const devNull = openSync('/dev/null', 'w');
  try {
    execFileSync('cat', [path], { stdio: ['ignore', devNull, 'inherit'] });
  } finally {
    closeSync(devNull);
  }
}

/** Starts the bare Node HTTP peer serving `file`; resolves with its port and a way to stop it. */
async function startBarePeer(root: string, file: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const peer = spawn(process.execPath, ['-r', join(root, 'scripts/register-ts.js'), join(root, 'test/bench/bare-http-peer.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    peer.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(Number(output.trim()));
    });
    peer.once('exit', (code) => reject(new Error(`the bare HTTP peer exited with ${code}`)));
  });
  return {
    port,
    stop: async () => {
      if (peer.exitCode !== null) return;
      const exited = new Promise((resolve) => peer.once('exit', resolve));
      peer.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const root = repositoryRoot();
  const work = join(root, '.data', 'bench', `documents-${process.pid}`);
  await mkdir(work, { recursive: true });
  const source = join(work, 'source.bin');
  let api: ChildProcess | null = null;
  let bare: { port: number; stop: () => Promise<void> } | null = null;
  const admin = new Client({ connectionString: serverUrl() });
  const database = `bench_${randomBytes(6).toString('hex')}`;
  let databaseCreated = false;
  try {
    await generate(source, SIZE);

    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    databaseCreated = true;
    const url = new URL(serverUrl());
    url.pathname = `/${database}`;
    const dataSource = await createDataSource(url.toString(), 2).initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await new MunicipalityRepository(dataSource).upsertNames([{ istatCode: '015146', name: 'Milano' }]);
    const caseId = randomUUID();
    await new CaseRepository(dataSource).open({
      id: caseId,
      type: 'compatibility-evaluation',
      reference: `BENCH-${caseId.slice(0, 8)}`,
      title: 'Benchmark documenti',
      istatCode: '015146',
      state: 'open',
      phase: null,
      workflowId: `compatibility-evaluation-${caseId}`,
      parentCaseId: null,
      businessKey: null,
      openedAt: new Date(),
    });
    await dataSource.destroy();

    const issuer = await ensureDevIssuer(join(work, 'issuer'));
    const token = await issueDevToken(issuer.privateKeyFile, { subject: 'bench-comune', role: 'comune', istatCode: '015146' });
    const port = await freePort();
    // BENCH_API_NODE_ARGS (e.g. "--prof") goes to the API's node, to profile what the numbers show.
    const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    api = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/src/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1',
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:1',
        AUTH_JWKS_FILE: issuer.jwksFile,
        AUTH_JWKS_URL: '',
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        DOCUMENTS_STORAGE: 'fs',
        DOCUMENTS_DIR: join(work, 'documents'),
        DOCUMENTS_MAX_BYTES: String(SIZE + MiB),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForApi(port, api);
    const pid = api.pid as number;

    // Warm-up: first request compiles routes, opens pools, provisions the user.
    const warm = join(work, 'warm.pdf');
    await generate(warm, MiB);
    await upload(port, token, caseId, warm, 'riscaldamento');
    await download(port, token, (await upload(port, token, caseId, warm, 'riscaldamento')).contentUrl);
    bare = await startBarePeer(root, source);
    await postMultipart(bare.port, token, '/', warm, 'riscaldamento').then(readBody);
    await download(bare.port, token, '/');

    // Each round: the upload baseline (the same file, the same disk, --reflink=never so a
    // copy-on-write filesystem cannot "copy" by sharing blocks; its fsync timed apart), the
    // bare peer's ceilings, an upload through the API, the download baseline (cat of the stored
    // file), a download through the API, then an untimed download whose digest is checked.
    // Medians over the rounds smooth out the disk's moods.
    const expected = await sha256Of(source);
    const stored = join(work, 'documents', contentKey(expected));
    const rounds: {
      cp: number;
      cpSync: number;
      cat: number;
      bareUpload: number;
      bareDownload: number;
      upload: number;
      download: number;
      uploadCpu: number;
      downloadCpu: number;
    }[] = [];
    const before = await memoryOf(pid);
    const watch = sampler(pid);
    for (let round = 1; round <= ROUNDS; round++) {
      const copy = join(work, 'copy.bin');
      flushDisk();
      let started = process.hrtime.bigint();
      execFileSync('cp', ['--reflink=never', source, copy]);
      const cp = seconds(started);
      started = process.hrtime.bigint();
      execFileSync('sync', [copy]);
      const cpSync = cp + seconds(started);
      await rm(copy);

      flushDisk();
      started = process.hrtime.bigint();
      const bareAnswer = JSON.parse(await readBody(await postMultipart(bare.port, token, '/', source, 'file di prova')));
      const bareUpload = seconds(started);
      if (bareAnswer.received < SIZE) throw new Error('the bare peer received less than the file');
      started = process.hrtime.bigint();
      if ((await download(bare.port, token, '/')) !== SIZE) throw new Error('the bare peer sent another size');
      const bareDownload = seconds(started);

      flushDisk();
      let cpuBefore = await cpuSecondsOf(pid);
      started = process.hrtime.bigint();
      const uploaded = await upload(port, token, caseId, source, 'file di prova');
      const uploadSeconds = seconds(started);
      const uploadCpu = (await cpuSecondsOf(pid)) - cpuBefore;
      if (uploaded.sha256 !== expected) throw new Error('the API computed another digest');

      flushDisk();
      started = process.hrtime.bigint();
      catToNull(stored);
      const cat = seconds(started);
      cpuBefore = await cpuSecondsOf(pid);
      started = process.hrtime.bigint();
      const received = await download(port, token, uploaded.contentUrl);
      const downloadSeconds = seconds(started);
      const downloadCpu = (await cpuSecondsOf(pid)) - cpuBefore;
      if (received !== SIZE) throw new Error(`the download sent ${received} bytes instead of ${SIZE}`);
      if ((await downloadDigest(port, token, uploaded.contentUrl)) !== expected) throw new Error('content changed in transit');
      rounds.push({ cp, cpSync, cat, bareUpload, bareDownload, upload: uploadSeconds, download: downloadSeconds, uploadCpu, downloadCpu });
    }
    const sampledPeak = await watch.stop();
    const after = await memoryOf(pid);
    const cpSeconds = median(rounds.map((r) => r.cp));
    const cpSyncSeconds = median(rounds.map((r) => r.cpSync));
    const uploadSeconds = median(rounds.map((r) => r.upload));
    const downloadSeconds = median(rounds.map((r) => r.download));
    const catSeconds = median(rounds.map((r) => r.cat));
    const bareUploadSeconds = median(rounds.map((r) => r.bareUpload));
    const bareDownloadSeconds = median(rounds.map((r) => r.bareDownload));

    // VmHWM is the kernel's own peak; it only counts if the transfer raised it.
    const peak = after.hwm > before.hwm ? Math.max(after.hwm, sampledPeak) : sampledPeak;
    const mbps = (s: number) => Math.round((SIZE / MiB / s) * 10) / 10;
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(
      JSON.stringify({
        benchmark: 'documents-transfer',
        sizeMiB: SIZE / MiB,
        rounds: ROUNDS,
        cpMiBps: mbps(cpSeconds),
        cpWithFsyncMiBps: mbps(cpSyncSeconds),
        catMiBps: mbps(catSeconds),
        bareUploadMiBps: mbps(bareUploadSeconds),
        bareDownloadMiBps: mbps(bareDownloadSeconds),
        uploadMiBps: mbps(uploadSeconds),
        downloadMiBps: mbps(downloadSeconds),
        uploadRatio: round(cpSeconds / uploadSeconds),
        uploadRatioVsCpWithFsync: round(cpSyncSeconds / uploadSeconds),
        downloadRatioVsCat: round(catSeconds / downloadSeconds),
        // Through the API against plain Node HTTP with the same client: what the API itself costs.
        uploadVsBare: round(bareUploadSeconds / uploadSeconds),
        downloadVsBare: round(bareDownloadSeconds / downloadSeconds),
        // API CPU seconds per transfer: near the transfer's duration means CPU-bound (hashing, parsing).
        apiCpuSecondsUpload: round(median(rounds.map((r) => r.uploadCpu))),
        apiCpuSecondsDownload: round(median(rounds.map((r) => r.downloadCpu))),
        uploadSeconds: round(uploadSeconds),
        downloadSeconds: round(downloadSeconds),
        cpSeconds: round(cpSeconds),
        rssBaselineMiB: round(before.rss / 1024),
        rssPeakMiB: round(peak / 1024),
        rssGrowthMiB: round((peak - before.rss) / 1024),
        targets: { uploadRatioVsCpWithFsync: 0.5, downloadRatioVsCat: 0.8, rssGrowthMiB: 100 },
      }),
    );
  } finally {
    await bare?.stop();
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api?.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    if (databaseCreated) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
