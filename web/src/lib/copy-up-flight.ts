import type { CopyUp } from './copy-up';

/** Time to climb past one layer. */
const HOP_MS = 650;

const cssPath = (path: string) => CSS.escape(path);

/**
 * Moves a copied-up file up the drawn stack: from its line in the layer it
 * came from, through the middle of each layer above, to its line in the
 * writable layer, which stays hidden until it lands. With reduced motion
 * asked for, the line in the writable layer only lights up.
 */
export function flyCopyUp(stack: HTMLElement, move: CopyUp): void {
  const target = stack.querySelector<HTMLElement>(`[data-layer=writable] li[data-path="${cssPath(move.path)}"]`);
  if (!target) return;
  const land = () => {
    target.classList.remove('in-flight');
    target.classList.add('landed');
    target.dataset['landed'] = 'true';
  };
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return land();

  const origin = stack.getBoundingClientRect();
  const at = (el: Element) => {
    const r = el.getBoundingClientRect();
    return { x: r.left - origin.left, y: r.top - origin.top, h: r.height };
  };
  const from = move.through[0]!;
  const source = stack.querySelector(`[data-layer="${from}"] li[data-path="${cssPath(move.path)}"]`) ?? stack.querySelector(`[data-layer="${from}"]`);
  if (!source) return land();
  const start = at(source);
  const end = at(target);
  // Each layer above the source is crossed at its middle, at the same indent as the lines.
  const stops = move.through.slice(1).flatMap((i) => {
    const layer = stack.querySelector(`[data-layer="${i}"]`);
    if (!layer) return [];
    const box = at(layer);
    return [{ x: end.x, y: box.y + box.h / 2 - start.h / 2 }];
  });
  const points = [{ x: start.x, y: start.y }, ...stops, { x: end.x, y: end.y }];

  const flyer = document.createElement('div');
  flyer.className = 'copy-up-flyer';
  flyer.textContent = move.path;
  flyer.dataset['testid'] = 'copy-up-flyer';
  flyer.dataset['path'] = move.path;
  flyer.dataset['through'] = move.through.join(',');
  target.classList.add('in-flight');
  stack.append(flyer);
  const frames = points.map((p, i) => ({ transform: `translate(${p.x}px, ${p.y}px)`, offset: i / (points.length - 1) }));
  const flight = flyer.animate(frames, { duration: HOP_MS * (points.length - 1), easing: 'ease-in-out', fill: 'forwards' });
  void flight.finished.catch(() => {}).finally(() => {
    flyer.remove();
    land();
  });
}
