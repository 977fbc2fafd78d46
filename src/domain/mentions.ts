/** Slack mention syntax for a configured principal: `<@U…>` users, `<!subteam^S…>` user groups. */
export const mention = (principal: string): string =>
  principal.startsWith('S') ? `<!subteam^${principal}>` : `<@${principal}>`;

export const mentions = (principals: readonly string[]): string => principals.map(mention).join(' ');
