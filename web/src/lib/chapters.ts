import { marked } from 'marked';
import type { Lang } from './i18n.svelte';

/** The lesson files, bundled as text at build time: the static site needs no server to show them. */
const FILES = import.meta.glob('../../../chapters/[0-9]*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Chapter {
  /** `01-images-and-containers`: what a lab names in its `chapter` field. */
  readonly id: string;
  readonly title: Record<Lang, string>;
  readonly markdown: Record<Lang, string>;
}

function byId(): Chapter[] {
  const found = new Map<string, { title: Partial<Record<Lang, string>>; markdown: Partial<Record<Lang, string>> }>();
  for (const [path, text] of Object.entries(FILES)) {
    const m = /\/(\d\d-[a-z0-9-]+)\.(ko|en)\.md$/.exec(path);
    if (!m) continue;
    const [, id, lang] = m as unknown as [string, string, Lang];
    const entry = found.get(id) ?? { title: {}, markdown: {} };
    entry.title[lang] = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? id;
    entry.markdown[lang] = text;
    found.set(id, entry);
  }
  // A chapter written in one language only still shows, in that language.
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, e]) => ({
    id,
    title: { ko: e.title.ko ?? e.title.en ?? id, en: e.title.en ?? e.title.ko ?? id },
    markdown: { ko: e.markdown.ko ?? e.markdown.en ?? '', en: e.markdown.en ?? e.markdown.ko ?? '' },
  }));
}

export const CHAPTERS: readonly Chapter[] = byId();

/** Our own lesson files, rendered to HTML (trusted: they come from this repository). */
export function chapterHtml(chapter: Chapter, lang: Lang): string {
  return marked.parse(chapter.markdown[lang], { async: false });
}
