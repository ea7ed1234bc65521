/**
 * The codemod catalogue. One import and one array entry per codemod; the order is the order
 * the engine tries codemods that answer the same finding, and the order changesets appear in.
 * JavaScript/TypeScript first, then Python, then Java (each section appended by its owner).
 */
import type { Codemod } from '../src/fix/codemod.js';
import jsSecureRandom from './js/secure-random.js';

export const CODEMODS: readonly Codemod[] = [
  // --- JavaScript / TypeScript ------------------------------------------------------------
  jsSecureRandom,
  // --- Python -----------------------------------------------------------------------------
  // --- Java -------------------------------------------------------------------------------
];

export function findCodemod(id: string): Codemod | undefined {
  return CODEMODS.find((c) => c.id === id || c.id === `trust:${id}`);
}
