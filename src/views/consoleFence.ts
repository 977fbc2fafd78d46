import { esc } from './text';

const OPEN = '```\n';
const CLOSE = '\n```';

/**
 * The end of a console log as a code block of at most `max` characters, fence included. What kills an
 * instance is at the end (the kernel panic, the OOM kill), so the text is escaped FIRST (escaping makes
 * it longer) and then cut from the FRONT, whole lines; backticks are neutralised so the fence always
 * closes. A single line longer than the room keeps its own end, without half an escape entity. Pure.
 */
export function consoleFence(text: string, max: number, empty = '(no console output yet)'): string {
  const lines = text
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => esc(l.replace(/`/g, "'")));
  while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
  const room = Math.max(0, max - OPEN.length - CLOSE.length);
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    const cost = line.length + (kept.length ? 1 : 0);
    if (used + cost > room) {
      if (kept.length === 0) kept.push(line.slice(line.length - room).replace(/^[a-z#0-9]{0,5};/, ''));
      break;
    }
    kept.unshift(line);
    used += cost;
  }
  const body = kept.join('\n');
  return `${OPEN}${body || empty}${CLOSE}`;
}
