/**
 * A horizontal bar chart as inline SVG, built with the DOM: no chart library, nothing to load.
 * Each bar is a `<g data-label data-value>` with a `<title>` (the browser's tooltip), so a test
 * or a screen reader can read the numbers the bars show.
 */

/** One bar: what it is, how many, and an optional longer tooltip. */
export interface Bar {
  label: string;
  value: number;
  hint?: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 460;
const LABEL_WIDTH = 170;
const BAR_HEIGHT = 22;
const GAP = 6;

/** Creates an SVG element with attributes; text content when given. */
function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws `bars` (largest first, as given) into a new SVG; `empty` is shown instead when there are
 * none (nothing linked on this page, or the archive did not answer).
 */
export function barChart(name: string, title: string, bars: readonly Bar[], empty: string): SVGSVGElement {
  const height = Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  const svg = el('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: 'img',
    'aria-label': title,
    'data-chart': name,
    'data-bars': bars.length,
    class: 'chart',
  });
  svg.append(el('title', {}, title));
  if (bars.length === 0) {
    svg.append(el('text', { x: 0, y: BAR_HEIGHT - 4, class: 'chart-empty' }, empty));
    return svg;
  }
  const max = Math.max(...bars.map((b) => b.value), 1);
  const room = WIDTH - LABEL_WIDTH - 50; // leave room for the value after the longest bar
  bars.forEach((bar, i) => {
    const y = GAP + i * (BAR_HEIGHT + GAP);
    const g = el('g', { 'data-label': bar.label, 'data-value': bar.value, class: 'bar' });
    g.append(el('title', {}, bar.hint ?? `${bar.label}: ${bar.value}`));
    const label = bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label;
    g.append(
      el(
        'text',
        { x: LABEL_WIDTH - 8, y: y + BAR_HEIGHT / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        label,
      ),
    );
    const width = Math.max(2, (bar.value / max) * room);
    g.append(el('rect', { x: LABEL_WIDTH, y, width, height: BAR_HEIGHT, rx: 3 }));
    g.append(
      el(
        'text',
        { x: LABEL_WIDTH + width + 6, y: y + BAR_HEIGHT / 2, 'dominant-baseline': 'middle', class: 'bar-value' },
        String(bar.value),
      ),
    );
    svg.append(g);
  });
  return svg;
}
