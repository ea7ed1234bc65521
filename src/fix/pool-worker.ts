/**
 * fix/pool-worker: one worker thread of the fix pool (pool.ts). Loads the codemod catalogue
 * once, then for each batch runs the codemod pass on each file and sends the passes back.
 */
import { parentPort } from 'node:worker_threads';
import { CODEMODS } from '../../codemods/index.js';
import type { Codemod } from './codemod.js';
import { codemodPass } from './pass.js';
import { encodePass, type PoolReply, type PoolRequest, type WirePass } from './pool.js';

const byId = new Map(CODEMODS.map((c) => [c.id, c]));

function handle(request: PoolRequest): (WirePass | null)[] {
  const codemods: Codemod[] = request.codemods.map((id) => {
    const codemod = byId.get(id);
    if (!codemod) throw new Error(`no codemod ${id} in the catalogue`);
    return codemod;
  });
  return request.files.map((file) => {
    const pass = codemodPass(request.root, file, codemods, request.diffs, request.suppress);
    return pass ? encodePass(pass, file.findings) : null;
  });
}

parentPort?.on('message', ({ id, request }: { id: number; request: PoolRequest }) => {
  let reply: PoolReply;
  try {
    reply = { id, passes: handle(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
