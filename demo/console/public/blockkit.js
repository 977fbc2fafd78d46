/*
 * Block Kit → HTML for the demo console. One file shared by the page (window.BlockKit) and the jest
 * tests (require). Slack's text rules: `&amp;`, `&lt;`, `&gt;` are literal characters; a raw `<…>` is
 * markup (mention, link, date, special mention). Everything that reaches the HTML is escaped here, so
 * a Name tag `<!channel>` that the bot escaped shows as text, and a raw `<!channel>` shows as a ping.
 */
((root, factory) => {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BlockKit = factory();
})(typeof self !== 'undefined' ? self : this, () => {
  const EMOJI = {
    white_check_mark: '✅',
    heavy_check_mark: '✔️',
    x: '❌',
    warning: '⚠️',
    no_entry: '⛔',
    no_entry_sign: '🚫',
    hourglass: '⌛',
    hourglass_flowing_sand: '⏳',
    test_tube: '🧪',
    large_orange_diamond: '🔶',
    large_blue_circle: '🔵',
    large_green_circle: '🟢',
    red_circle: '🔴',
    white_circle: '⚪',
    rotating_light: '🚨',
    information_source: 'ℹ️',
    bell: '🔔',
    zzz: '💤',
    wrench: '🔧',
    arrows_counterclockwise: '🔄',
    fire: '🔥',
    camera: '📷',
    floppy_disk: '💾',
    calendar: '📅',
    clock1: '🕐',
    eyes: '👀',
    stopwatch: '⏱️',
    robot_face: '🤖',
    mag: '🔍',
    lock: '🔒',
    unlock: '🔓',
    package: '📦',
    arrow_right: '➡️',
    construction: '🚧',
    small_red_triangle: '🔺',
    leftwards_arrow_with_hook: '↩️',
    stop_button: '⏹️',
    electric_plug: '🔌',
    large_yellow_circle: '🟡',
    zap: '⚡',
    moon: '🌙',
    sleeping: '😴',
    memo: '📝',
    gear: '⚙️',
    rocket: '🚀',
  };

  /** HTML-escapes a raw string (one that holds literal characters, not Slack entities). */
  function html(s) {
    return String(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** Slack text entities → literal characters. */
  function unslack(s) {
    return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function emoji(h) {
    return h.replace(/:([a-z0-9_+-]+):/g, (m, name) => (EMOJI[name] ? EMOJI[name] : m));
  }

  const pad = (n) => String(n).padStart(2, '0');
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** `<!date^ts^format|fallback>` in the reader's time zone, as Slack does. */
  function formatDate(ts, format) {
    const d = new Date(ts * 1000);
    if (Number.isNaN(d.getTime())) return null;
    const date = `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
    const tokens = {
      date_num: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
      date: date,
      date_short: `${MONTHS[d.getMonth()]} ${d.getDate()}`,
      date_long: date,
      date_pretty: date,
      date_short_pretty: `${MONTHS[d.getMonth()]} ${d.getDate()}`,
      date_long_pretty: date,
      time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
      time_secs: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
    };
    return format.replace(/\{(\w+)\}/g, (m, k) => (k in tokens ? tokens[k] : m));
  }

  /** One `<…>` markup token (its inner text, still Slack-escaped) → HTML. */
  function markup(inner) {
    const [target, ...rest] = inner.split('|');
    const label = rest.join('|');
    if (target.startsWith('@')) {
      return `<span class="bk-mention" data-user="${html(target.slice(1))}">@${html(label ? unslack(label) : target.slice(1))}</span>`;
    }
    if (target.startsWith('#')) {
      return `<span class="bk-mention">#${html(label ? unslack(label) : target.slice(1))}</span>`;
    }
    if (target.startsWith('!subteam^')) {
      const id = target.slice(9);
      return `<span class="bk-mention bk-group" data-group="${html(id)}">@${html(label ? unslack(label) : id)}</span>`;
    }
    if (target.startsWith('!date^')) {
      const [, ts, format] = target.split('^');
      const out = formatDate(Number(ts), unslack(format || '{date_num} {time}'));
      return `<time class="bk-date" title="${html(unslack(label))}">${html(out === null ? unslack(label) : out)}</time>`;
    }
    if (target.startsWith('!')) {
      return `<span class="bk-mention bk-special">@${html(target.slice(1))}</span>`;
    }
    const url = unslack(target);
    if (/^(https?:|mailto:)/i.test(url)) {
      return `<a href="${html(url)}" target="_blank" rel="noopener noreferrer">${html(label ? unslack(label) : url)}</a>`;
    }
    return html(unslack(`<${inner}>`));
  }

  /** Bold, italic, strike over HTML that holds no tags yet. */
  function styles(h) {
    return h
      .replace(/(^|[\s(])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
      .replace(/(^|[\s(])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
      .replace(/(^|[\s(])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>');
  }

  /**
   * A run of text without code: markup tokens and styles. Styles span the tokens, as in Slack
   * (`*due <!date^…|…>*` is bold through the date): each token stands as a placeholder while the
   * styles are applied to the whole run, then is rendered in its place.
   */
  function inline(text) {
    const tokens = [];
    // U+E000 (private use) marks a placeholder: none may come from the text itself
    const held = text.replace(/\uE000/g, '').replace(/<([^<>\n]+)>/g, (_, inner) => {
      tokens.push(markup(inner));
      return `\uE000${tokens.length - 1}\uE000`;
    });
    return styles(emoji(html(unslack(held)))).replace(/\uE000(\d+)\uE000/g, (_, i) => tokens[Number(i)]);
  }

  /** One line: inline code spans first (nothing inside them is formatted). */
  function line(text) {
    return text
      .split(/(`[^`\n]+`)/)
      .map((part) =>
        /^`[^`\n]+`$/.test(part) ? `<code>${html(unslack(part.slice(1, -1)))}</code>` : inline(part),
      )
      .join('');
  }

  function paragraphs(text) {
    const lines = text.split('\n');
    const out = [];
    for (const l of lines) {
      if (l.startsWith('>')) out.push(`<blockquote>${line(l.slice(1).replace(/^ /, ''))}</blockquote>`);
      else out.push(`${line(l)}<br>`);
    }
    return out.join('').replace(/<br>$/, '');
  }

  /** Slack mrkdwn (a subset: code blocks, code, bold, italic, strike, quotes, mentions, links, dates). */
  function mrkdwn(text) {
    return String(text ?? '')
      .split(/(```[\s\S]*?```)/)
      .map((part) =>
        part.startsWith('```') && part.endsWith('```') && part.length >= 6
          ? `<pre>${html(unslack(part.slice(3, -3).replace(/^\n/, '')))}</pre>`
          : paragraphs(part),
      )
      .join('');
  }

  function textObject(t) {
    if (!t) return '';
    if (t.type === 'mrkdwn') return mrkdwn(t.text);
    return t.emoji === false ? html(t.text ?? '') : emoji(html(t.text ?? ''));
  }

  const attr = (v) => html(typeof v === 'string' ? v : JSON.stringify(v));

  function button(el, blockId) {
    const style = el.style === 'primary' || el.style === 'danger' ? ` bk-${el.style}` : '';
    const confirm = el.confirm ? ` data-confirm="${attr(el.confirm)}"` : '';
    const value = el.value !== undefined ? ` data-value="${attr(el.value)}"` : '';
    const url = el.url ? ` data-url="${attr(el.url)}"` : '';
    return (
      `<button type="button" class="bk-btn${style}" data-action-id="${attr(el.action_id ?? '')}" ` +
      `data-block-id="${attr(blockId)}" data-type="button" data-text="${attr(el.text?.text ?? '')}"${value}${confirm}${url}>` +
      `${textObject(el.text)}</button>`
    );
  }

  function datetimepicker(el, blockId) {
    const initial = Number(el.initial_date_time);
    const value = Number.isFinite(initial) && initial > 0 ? toLocalInput(new Date(initial * 1000)) : '';
    const confirm = el.confirm ? ` data-confirm="${attr(el.confirm)}"` : '';
    return (
      `<span class="bk-dtp"><input type="datetime-local" class="bk-datetime" value="${attr(value)}" ` +
      `data-action-id="${attr(el.action_id ?? '')}" data-block-id="${attr(blockId)}" data-type="datetimepicker"${confirm}>` +
      `<button type="button" class="bk-btn bk-dtp-set">Set</button></span>`
    );
  }

  function toLocalInput(d) {
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function element(el, blockId) {
    if (!el || typeof el !== 'object') return '';
    switch (el.type) {
      case 'button':
        return button(el, blockId);
      case 'datetimepicker':
        return datetimepicker(el, blockId);
      case 'image':
        return `<img class="bk-img" alt="${attr(el.alt_text ?? '')}" src="${attr(el.image_url ?? '')}">`;
      case 'mrkdwn':
      case 'plain_text':
        return `<span>${textObject(el)}</span>`;
      default:
        return `<span class="bk-unsupported">[element ${html(el.type ?? '?')} not rendered by the console]</span>`;
    }
  }

  function block(b, n) {
    const id = b.block_id ?? `b${n}`;
    switch (b.type) {
      case 'header':
        return `<div class="bk-header">${textObject(b.text)}</div>`;
      case 'section': {
        const text = b.text ? `<div class="bk-text">${textObject(b.text)}</div>` : '';
        const fields = Array.isArray(b.fields)
          ? `<div class="bk-fields">${b.fields.map((f) => `<div class="bk-field">${textObject(f)}</div>`).join('')}</div>`
          : '';
        const acc = b.accessory ? `<div class="bk-accessory">${element(b.accessory, id)}</div>` : '';
        return `<div class="bk-section"><div class="bk-main">${text}${fields}</div>${acc}</div>`;
      }
      case 'context':
        return `<div class="bk-context">${(b.elements ?? []).map((e) => element(e, id)).join(' ')}</div>`;
      case 'divider':
        return '<hr class="bk-divider">';
      case 'actions':
        return `<div class="bk-actions">${(b.elements ?? []).map((e) => element(e, id)).join('')}</div>`;
      case 'image':
        return `<div class="bk-image">${element({ ...b, type: 'image' }, id)}</div>`;
      default:
        return `<div class="bk-unsupported">[block ${html(b.type ?? '?')} not rendered by the console]</div>`;
    }
  }

  /** A message: its blocks when it has them, else its text as mrkdwn. */
  function renderMessage(msg) {
    if (Array.isArray(msg.blocks) && msg.blocks.length) {
      return msg.blocks.map(block).join('');
    }
    return `<div class="bk-text">${mrkdwn(msg.text ?? '')}</div>`;
  }

  return { renderMessage, mrkdwn, html, unslack, formatDate };
});
