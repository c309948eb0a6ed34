import type { ContainerProcess } from '../../kernel/types.js';
import type { ApiContext } from '../api-context.js';
import type { HijackedConn } from '../http-types.js';

/**
 * Starts the exec; when it cannot start, says why on the taken-over stream, as
 * dockerd does (the client then reads exit code 126 from exec inspect).
 */
export async function startOrSay(ctx: ApiContext, id: string, conn: HijackedConn, encode: (text: Uint8Array) => Uint8Array): Promise<ContainerProcess | null> {
  try {
    return await ctx.engine.execs.start(id);
  } catch (e) {
    conn.write(encode(new TextEncoder().encode(`${e instanceof Error ? e.message : String(e)}\r\n`)));
    conn.end();
    return null;
  }
}
