import type { Sys } from '../../sys.js';

/** test / [ for the common forms: file tests, string and integer comparisons, ! and a single -a/-o. */
export async function testExpr(sys: Sys, args: string[]): Promise<number> {
  return evalTest(sys, args) ? 0 : 1;
}

function evalTest(sys: Sys, a: string[]): boolean {
  const o = a.indexOf('-o');
  if (o > 0) return evalTest(sys, a.slice(0, o)) || evalTest(sys, a.slice(o + 1));
  const and = a.indexOf('-a');
  if (and > 0) return evalTest(sys, a.slice(0, and)) && evalTest(sys, a.slice(and + 1));
  if (a[0] === '!') return !evalTest(sys, a.slice(1));
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const [op, x] = a as [string, string];
    const st = (): ReturnType<Sys['fs']['stat']> | null => { try { return sys.call(() => sys.fs.stat(x)); } catch { return null; } };
    switch (op) {
      case '-z': return x === '';
      case '-n': return x !== '';
      case '-e': return st() !== null;
      case '-f': return st()?.type === 'file';
      case '-d': return st()?.type === 'dir';
      case '-c': return st()?.type === 'char';
      case '-b': return st()?.type === 'block';
      case '-p': return st()?.type === 'fifo';
      case '-s': return (st()?.size ?? 0) > 0;
      case '-L': case '-h': try { return sys.call(() => sys.fs.lstat(x)).type === 'symlink'; } catch { return false; }
      case '-r': case '-w': case '-x': return st() !== null;
      default: return false;
    }
  }
  const [l, op, r] = a as [string, string, string];
  switch (op) {
    case '=': case '==': return l === r;
    case '!=': return l !== r;
    case '-eq': return Number(l) === Number(r);
    case '-ne': return Number(l) !== Number(r);
    case '-lt': return Number(l) < Number(r);
    case '-le': return Number(l) <= Number(r);
    case '-gt': return Number(l) > Number(r);
    case '-ge': return Number(l) >= Number(r);
    default: return false;
  }
}
