/** `/ec2` command text, parsed. Pure. */
export interface ParsedCommand {
  sub: string;
  args: string[];
  flags: Set<string>;
}

export function parseCommand(text: string): ParsedCommand {
  // Slack sends smart dashes when a user types "--" on some clients.
  // "double quotes" (or Slack's smart quotes) keep a Name tag with spaces together: find prod "web server 1".
  const normalized = text.replace(/[\u2013\u2014]/g, '--').replace(/[\u201c\u201d]/g, '"');
  const tokens = [...normalized.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
  const flags = new Set<string>();
  const args: string[] = [];
  for (const t of tokens) {
    if (t.startsWith('--') && t.length > 2) flags.add(t.slice(2).toLowerCase());
    else args.push(t);
  }
  const sub = (args.shift() ?? 'help').toLowerCase();
  return { sub, args, flags };
}
