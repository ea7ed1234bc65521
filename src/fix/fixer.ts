/**
 * The hook for fixers other than codemods. The pipeline offers every finding no codemod
 * fixed (unrouted, or routed but left unfixed) to the configured `Fixer`s in order; the LLM
 * fixer (src/llm) is one, injected by the composition root. Its edits go through the same
 * merge and parse checks as a codemod's, so a fixer can never write a file that does not parse.
 */
import type { Finding } from '../sarif/finding.js';
import type { Edit, LanguageId, PackageAction } from './codemod.js';

export interface FixerRequest {
  finding: Finding;
  /** Repository-relative POSIX path. */
  path: string;
  language: LanguageId;
  /** Current text of the file, including the fixes already accepted in this run. */
  source: string;
  /** Why the codemods did not fix it ("no codemod for this rule" or a guard's reason). */
  codemodReason: string;
}

export interface FixerQuality {
  safetyRating: number;
  effectivenessRating: number;
  cleanlinessRating: number;
}

export interface FixerFix {
  edits: Edit[];
  /** One line for the summary and the CodeTF change description. */
  description: string;
  packageActions?: PackageAction[];
  /** CodeTF `ai` block when a model wrote the fix. */
  ai?: { provider: string; model: string; tokens?: number };
  fixQuality?: FixerQuality;
  /** The evaluator's reasons for its scores, for the reviewer (PR body). */
  evaluation?: string;
}

export type FixerResult = FixerFix | { unfixed: string };

export interface Fixer {
  /** Shown in the summary and used as the CodeTF codemod id, e.g. "trust:llm/anthropic". */
  id: string;
  /** Whether this fixer wants the finding at all (cheap; no I/O). */
  accepts(finding: Finding): boolean;
  fix(request: FixerRequest): Promise<FixerResult>;
}
