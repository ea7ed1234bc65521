/**
 * bench/proxy-portkey: Portkey's open-source gateway (`@portkey-ai/gateway`, a bench-only
 * devDependency pinned with hono 4.9.7 / @hono/node-server 1.13.5) in its own process, pointed
 * at the same fake upstream by `x-portkey-custom-host`, so bench/proxy prints it side by side.
 * Absent (installed with --omit=dev, or removed), it is left out with a note.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { type Target, target } from './proxy-load.js';

export interface Portkey {
  target?: Target;
  pid?: number;
  note: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function listening(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200 && child.exitCode === null; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`portkey gateway did not listen on ${port}`);
}

export async function startPortkey(
  require: ReturnType<typeof createRequire>,
  upstreamUrl: string,
  upstreamKey: string,
): Promise<Portkey> {
  let main: string;
  let version: string;
  try {
    const manifest = require.resolve('@portkey-ai/gateway/package.json');
    version = (require(manifest) as { version: string }).version;
    main = manifest.replace(/package\.json$/, 'build/start-server.js');
  } catch {
    return { note: 'portkey: @portkey-ai/gateway not installed; left out', stop: () => {} };
  }
  const port = await freePort();
  const child = spawn(process.execPath, [main, `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await listening(port, child);
  return {
    pid: child.pid,
    target: target(`portkey gateway ${version}`, `http://127.0.0.1:${port}`, {
      authorization: `Bearer ${upstreamKey}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstreamUrl}/v1`,
    }),
    note: `portkey gateway ${version}: no cache configured (a plain pass-through), so its c1 and c16 rows compare with trust's misses`,
    stop: () => child.kill('SIGTERM'),
  };
}
