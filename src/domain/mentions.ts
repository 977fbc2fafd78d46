/** Slack mention syntax for a configured principal: `<@U…>` users, `<!subteam^S…>` user groups. */
export const mention = (principal: string): string =>
  principal.startsWith('S') ? `<!subteam^${principal}>` : `<@${principal}>`;

/**
 * A person inside text made where no view is at hand (refusals, thread lines): `{user:U…}` for a Slack
 * user id, which views turn into a mention (src/views/text.ts `richText`); any other name stays as it is.
 */
export const personToken = (id: string): string => (/^[UW][A-Z0-9]{2,}$/.test(id) ? `{user:${id}}` : id);

export const mentions = (principals: readonly string[]): string => principals.map(mention).join(' ');
