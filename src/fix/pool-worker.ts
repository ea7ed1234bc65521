/**
 * fix/pool-worker: one worker thread of the fix pool (pool.ts). Imports the codemod catalogue
 * the request names (its module URL, given by the composition root: the engine does not import
 * codemods/) once, then for each batch runs the codemod pass on each file and sends the passes back.
 */
import { parentPort } from 'node:worker_threads';
import type { Codemod } from './codemod.js';
import { codemodPass } from './pass.js';
import { encodePass, type PoolReply, type PoolRequest, type WirePass } from './pool.js';

const catalogues = new Map<string, Promise<Map<string, Codemod>>>();

function catalogue(url: string): Promise<Map<string, Codemod>> {
  let loaded = catalogues.get(url);
  if (!loaded) {
    loaded = import(url).then(
      (m: { CODEMODS: readonly Codemod[] }) => new Map(m.CODEMODS.map((c) => [c.id, c])),
    );
    catalogues.set(url, loaded);
  }
  return loaded;
}

async function handle(request: PoolRequest): Promise<(WirePass | null)[]> {
  const byId = await catalogue(request.catalogue);
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

parentPort?.on('message', async ({ id, request }: { id: number; request: PoolRequest }) => {
  let reply: PoolReply;
  try {
    reply = { id, passes: await handle(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
