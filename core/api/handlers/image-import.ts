import type { ApiContext } from '../api-context.js';
import { queryValues, type ApiRequest, type ApiResult } from '../http-types.js';
import { DockbookError } from '../../errors.js';

/**
 * POST /images/create?fromSrc=-: `docker import`. The body is the tar;
 * `repo`/`tag` name the image, each `changes` is one Dockerfile
 * instruction, `message` the history comment. Answers with progress JSON
 * whose last status is the new image id, as dockerd does.
 */
export async function importImage(ctx: ApiContext, req: ApiRequest): Promise<ApiResult> {
  const src = req.query['fromSrc'] ?? '';
  if (src !== '-') {
    throw new DockbookError('E_UNSUPPORTED', `importing from ${src} is not supported: this engine makes no outbound connections`, { hint: 'download the tar first, then: docker import FILE' });
  }
  if (!(req.body instanceof Uint8Array) || req.body.length === 0) throw new DockbookError('E_INVALID_ARGUMENT', 'unexpected EOF: the request body is not a tar archive');
  const repo = req.query['repo'] || undefined;
  const tag = req.query['tag'] || undefined;
  const reference = repo ? (tag ? `${repo}:${tag}` : repo) : undefined;
  const changes = req.rawQuery !== undefined ? queryValues(req.rawQuery, 'changes') : (req.query['changes'] ? [req.query['changes']] : []);
  const id = await ctx.images.importTar(req.body, { reference, message: req.query['message'] || undefined, changes, source: src });
  return { kind: 'text', status: 200, contentType: 'application/json', body: `${JSON.stringify({ status: id })}\r\n` };
}
