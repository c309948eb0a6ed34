import { DockbookError } from '../../errors.js';

/**
 * The part of Go's text/template that `docker inspect --format` is used
 * with: `{{.A.B}}` field paths, `{{json .X}}`, and the text around them.
 */
export function renderTemplate(template: string, data: unknown): string {
  return template.replace(/\{\{\s*(json\s+)?(\.[A-Za-z0-9_.]*)\s*\}\}/g, (_all, json: string | undefined, path: string) => {
    const value = lookup(data, path);
    if (json) return JSON.stringify(value ?? null);
    return formatValue(value);
  }).replace(/\{\{[^}]*\}\}/g, (unknown) => {
    throw new DockbookError('E_INVALID_ARGUMENT', `template: unsupported action ${unknown}`, { hint: 'only {{.Field.Path}} and {{json .Field}} are supported' });
  });
}

function lookup(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** How Go prints a value with no verb: maps as map[k:v], lists as [a b], nil as <no value>. */
function formatValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}:${formatValue(x)}`).join(' ')}]`;
  return String(v);
}
