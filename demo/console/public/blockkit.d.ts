/** Types of blockkit.js (plain JS so the page loads it without a build step). */
export interface RenderableMessage {
  text?: string;
  blocks?: unknown[];
}
export function renderMessage(msg: RenderableMessage): string;
export function mrkdwn(text: string): string;
export function html(s: string): string;
export function unslack(s: string): string;
export function formatDate(ts: number, format: string): string | null;
