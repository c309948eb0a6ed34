import type { Terminal } from '@xterm/xterm';

/** Room for xterm's scrollbar on the right. */
const SCROLLBAR_PX = 14;

/**
 * Sizes a terminal to fill its element. The cell size is read from what
 * xterm drew (its screen is exactly cols × rows cells), so it follows the
 * font the page really has.
 */
export function fitTerminal(term: Terminal, el: HTMLElement): void {
  const screen = el.querySelector<HTMLElement>('.xterm-screen');
  if (!screen || !screen.clientWidth || !screen.clientHeight) return;
  const cellW = screen.clientWidth / term.cols;
  const cellH = screen.clientHeight / term.rows;
  const style = getComputedStyle(el);
  const width = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - SCROLLBAR_PX;
  const height = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const cols = Math.max(20, Math.floor(width / cellW));
  const rows = Math.max(4, Math.floor(height / cellH));
  if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
}
