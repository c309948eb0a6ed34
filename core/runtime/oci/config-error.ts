import { DockbookError } from '../../errors.js';

/** Every config.json problem has this code, so callers and the UI can key on it. */
export const E_INVALID_CONFIG = 'E_INVALID_CONFIG';

const DEFAULT_HINT = "fix the bundle's config.json (its fields are described in the OCI runtime-spec 1.2, config.md)";

/**
 * One line that names the field, e.g.
 * `config.json: mounts[3].destination must be an absolute path`.
 * A problem phrased as a sentence ("must be …", "is required") follows the
 * path with a space; anything else follows it after a colon. An empty path
 * means the file as a whole: `config.json is not valid JSON: …`.
 */
export function configError(path: string, problem: string, hint: string = DEFAULT_HINT): DockbookError {
  const sentence = /^(must|is|are|has)\b/.test(problem);
  const subject = path === '' ? 'config.json' : `config.json: ${path}`;
  const line = `${subject}${sentence ? ' ' : ': '}${problem}`;
  return new DockbookError(E_INVALID_CONFIG, line.replace(/\s*\n\s*/g, ' '), { hint });
}
