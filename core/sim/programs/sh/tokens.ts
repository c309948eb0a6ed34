/** What the shell's lexer produces. A word keeps its parts so expansion knows what was quoted. */
export type WordPart =
  | { readonly k: 'lit'; readonly s: string; readonly q: boolean }
  | { readonly k: 'param'; readonly name: string; readonly q: boolean; readonly alt?: { op: string; word: Word } }
  | { readonly k: 'cmd'; readonly src: string; readonly q: boolean }
  | { readonly k: 'arith'; readonly src: string; readonly q: boolean };

export interface Word {
  readonly parts: readonly WordPart[];
  /** The source text, for keywords and assignments. */
  readonly raw: string;
}

export type Token =
  | { readonly t: 'word'; readonly w: Word }
  | { readonly t: 'op'; readonly v: string }
  | { readonly t: 'redir'; readonly fd: number | null; readonly op: string };

export type Redirect = { readonly fd: number; readonly op: '>' | '>>' | '<' | '>&' | '<&'; readonly target: Word };

export type Command =
  | { readonly type: 'simple'; readonly assigns: readonly { name: string; value: Word }[]; readonly words: readonly Word[]; readonly redirs: readonly Redirect[] }
  | { readonly type: 'for'; readonly name: string; readonly items: readonly Word[] | null; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly type: 'while'; readonly until: boolean; readonly cond: List; readonly body: List; readonly redirs: readonly Redirect[] }
  | { readonly type: 'if'; readonly clauses: readonly { cond: List; body: List }[]; readonly otherwise: List | null; readonly redirs: readonly Redirect[] }
  | { readonly type: 'group'; readonly subshell: boolean; readonly body: List; readonly redirs: readonly Redirect[] };

export interface Pipeline {
  readonly bang: boolean;
  readonly commands: readonly Command[];
}

export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { op: '&&' | '||'; p: Pipeline }[];
}

export type List = readonly { item: AndOr; background: boolean }[];
