/* The console page: follows the store over SSE, renders with BlockKit, sends what a Slack user does. */
(() => {
  const $ = (id) => document.getElementById(id);
  const BK = window.BlockKit;
  const ui = {
    info: null,
    user: localStorage.getItem('demo.user') || 'U0ALICE',
    channel: localStorage.getItem('demo.channel') || 'C0DEMOOPS',
    thread: null,
    /** `channel`: the current channel's messages; `home`: the app's Home tab (App Home). */
    view: 'channel',
    state: { version: -1, channels: [], messages: [], home: null },
  };

  const post = (path, body) =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || `HTTP ${r.status}`);
      return r.json();
    });

  const tsKey = (ts) =>
    ts
      .split('.')
      .map((p) => p.padStart(12, '0'))
      .join('.');
  const byTs = (a, b) => (tsKey(a.ts) < tsKey(b.ts) ? -1 : 1);
  const clock = (ts) => {
    const d = new Date(Number(ts.split('.')[0]) * 1000);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  };

  function displayName(id) {
    if (id === 'UBOT') return 'ec2-ops-bot <span class="app">APP</span>';
    if (id === 'console') return 'demo console';
    const u = ui.info?.users.find((x) => x.id === id);
    return BK.html(u ? u.name : id);
  }

  /**
   * Top-level messages and threads of the current channel. A reply whose thread_ts names no visible
   * top-level message (an ephemeral one, or none) is shown top-level with the store's note, and later
   * replies to the same thread_ts are grouped under it.
   */
  function arrange(messages) {
    const inChannel = messages.filter((m) => m.channel === ui.channel).sort(byTs);
    const top = [];
    const parents = new Set();
    const replies = new Map();
    const orphanRoot = new Map();
    const promote = (m) => {
      top.push(m);
      if (!m.ephemeralTo) parents.add(m.ts);
    };
    for (const m of inChannel) {
      if (!m.threadTs || m.threadTs === m.ts) {
        promote(m);
        continue;
      }
      const root = parents.has(m.threadTs) ? m.threadTs : orphanRoot.get(m.threadTs);
      if (!root) {
        orphanRoot.set(m.threadTs, m.ts);
        promote(m);
        continue;
      }
      if (!replies.has(root)) replies.set(root, []);
      replies.get(root).push(m);
    }
    return { top, replies };
  }

  /** Slack shows a mentioned user's name and a group's handle, not their ids. */
  function nameMentions(root) {
    for (const el of root.querySelectorAll('.bk-mention[data-user]')) {
      const u = ui.info?.users.find((x) => x.id === el.dataset.user);
      if (u) el.textContent = `@${u.name}`;
    }
    for (const el of root.querySelectorAll('.bk-mention[data-group]')) {
      const handle = ui.info?.groups?.[el.dataset.group];
      if (handle && el.textContent === `@${el.dataset.group}`) el.textContent = `@${handle}`;
    }
  }

  function messageHtml(m, replyCount) {
    const eph = m.ephemeralTo ? '<span class="eph">Only visible to you</span>' : '';
    const edited = m.edited ? '<span class="edited">(edited)</span>' : '';
    const via =
      m.via === 'ack' || m.via === 'response_url'
        ? `<span class="via">${m.via === 'ack' ? 'ack' : 'response_url'}</span>`
        : '';
    const note = m.note ? `<div class="note">⚠ ${BK.html(m.note)}</div>` : '';
    const more =
      replyCount !== undefined
        ? `<button type="button" class="link replies" data-thread="${BK.html(m.ts)}">${replyCount} ${replyCount === 1 ? 'reply' : 'replies'}</button>`
        : '';
    const cls = `msg${m.ephemeralTo ? ' ephemeral' : ''}${m.user === 'console' ? ' console' : ''}`;
    return (
      `<div class="${cls}" data-ts="${BK.html(m.ts)}" data-channel="${BK.html(m.channel)}" data-testid="message">` +
      `<div class="meta"><b>${displayName(m.user)}</b> <time>${clock(m.ts)}</time> ${eph}${via}${edited}</div>` +
      `<div class="body">${BK.renderMessage(m)}</div>${note}${more}</div>`
    );
  }

  function renderChannels() {
    const nav = $('channels');
    const home = `<button type="button" class="chan home-tab${ui.view === 'home' ? ' active' : ''}" data-testid="home-tab">ec2-ops-bot · Home</button>`;
    nav.innerHTML =
      home +
      ui.state.channels
        .map((c) => {
          const count = ui.state.messages.filter((m) => m.channel === c.id).length;
          const name = c.name.startsWith('@') ? c.name : `#${c.name}`;
          const active = ui.view === 'channel' && c.id === ui.channel;
          return `<button type="button" class="chan${active ? ' active' : ''}" data-channel="${BK.html(c.id)}">${BK.html(name)} <span class="count">${count}</span></button>`;
        })
        .join('');
    const current = ui.state.channels.find((c) => c.id === ui.channel);
    $('channel-title').textContent =
      ui.view === 'home' ? 'ec2-ops-bot — Home' : current ? `#${current.name.replace(/^#/, '')}` : ui.channel;
  }

  /** The Home tab: what the bot last published for this user (views.publish), as Slack shows it. */
  function renderHome() {
    const box = $('home');
    const home = ui.state.home;
    const when = home ? new Date(home.publishedAt).toLocaleTimeString() : '';
    box.innerHTML = home
      ? `<div class="home-note">Published by the bot with <code>views.publish</code> at ${BK.html(when)}, after the console sent <code>app_home_opened</code>.</div>` +
        `<div class="body" data-testid="home-view">${BK.renderMessage({ blocks: home.blocks })}</div>`
      : '<div class="home-note">Opening the Home tab: the console sent <code>app_home_opened</code>; waiting for the bot to publish it…</div>';
    nameMentions(box);
  }

  function showView() {
    const home = ui.view === 'home';
    $('home').classList.toggle('hidden', !home);
    $('messages').classList.toggle('hidden', home);
    $('composer-form').classList.toggle('hidden', home);
    if (home) $('thread').classList.add('hidden');
  }

  /** Opening the Home tab is what makes Slack send the app `app_home_opened` (for this user). */
  async function openHome() {
    ui.view = 'home';
    ui.thread = null;
    render();
    await post('/ui/home', { user: ui.user, channel: ui.channel }).catch((err) =>
      alert(`Could not open the Home tab: ${err.message}`),
    );
  }

  function render() {
    renderChannels();
    showView();
    if (ui.view === 'home') {
      renderHome();
      return;
    }
    const { top, replies } = arrange(ui.state.messages);
    const box = $('messages');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    box.innerHTML = top
      .map((m) => messageHtml(m, replies.has(m.ts) ? replies.get(m.ts).length : undefined))
      .join('');
    nameMentions(box);
    if (atBottom) box.scrollTop = box.scrollHeight;
    const thread = $('thread');
    const root = top.find((m) => m.ts === ui.thread);
    if (!root) {
      thread.classList.add('hidden');
      return;
    }
    thread.classList.remove('hidden');
    $('thread-messages').innerHTML = [root, ...(replies.get(root.ts) || [])]
      .map((m) => messageHtml(m))
      .join('');
    nameMentions($('thread-messages'));
  }

  /** Every change the server announces ends up on screen: a call during a fetch fetches once more after it. */
  const refresh = window.Latest.latest(async () => {
    const s = await fetch(`/ui/state?user=${encodeURIComponent(ui.user)}`).then((r) => r.json());
    ui.state = s;
    render();
  });

  function confirmDialog(confirm) {
    if (!confirm) return Promise.resolve(true);
    return new Promise((resolve) => {
      $('modal-title').innerHTML = BK.renderMessage({
        text: BK.html(confirm.title?.text || 'Are you sure?'),
      });
      $('modal-text').innerHTML = confirm.text
        ? BK.renderMessage({ blocks: [{ type: 'section', text: confirm.text }] })
        : '';
      $('modal-confirm').textContent = confirm.confirm?.text || 'Confirm';
      $('modal-deny').textContent = confirm.deny?.text || 'Cancel';
      $('modal-confirm').className = `bk-btn ${confirm.style === 'danger' ? 'bk-danger' : 'bk-primary'}`;
      $('modal').classList.remove('hidden');
      const done = (ok) => {
        $('modal').classList.add('hidden');
        $('modal-confirm').onclick = null;
        $('modal-deny').onclick = null;
        resolve(ok);
      };
      $('modal-confirm').onclick = () => done(true);
      $('modal-deny').onclick = () => done(false);
    });
  }

  async function act(el, extra) {
    const msg = el.closest('.msg');
    const confirm = el.dataset.confirm ? JSON.parse(el.dataset.confirm) : null;
    if (!(await confirmDialog(confirm))) return;
    el.disabled = true;
    try {
      await post('/ui/action', {
        user: ui.user,
        channel: msg.dataset.channel,
        ts: msg.dataset.ts,
        actionId: el.dataset.actionId,
        blockId: el.dataset.blockId,
        type: el.dataset.type,
        value: el.dataset.value,
        text: el.dataset.text,
        ...extra,
      });
    } catch (err) {
      alert(`Could not send the click: ${err.message}`);
    } finally {
      setTimeout(() => {
        el.disabled = false;
      }, 800);
    }
  }

  document.addEventListener('click', (e) => {
    const t = e.target.closest('button');
    if (!t) return;
    if (t.classList.contains('home-tab')) {
      openHome();
    } else if (t.dataset.channel && t.classList.contains('chan')) {
      ui.view = 'channel';
      ui.channel = t.dataset.channel;
      ui.thread = null;
      localStorage.setItem('demo.channel', ui.channel);
      render();
    } else if (t.classList.contains('replies')) {
      ui.thread = t.dataset.thread;
      render();
    } else if (t.classList.contains('bk-dtp-set')) {
      const input = t.parentElement.querySelector('input');
      const when = new Date(input.value).getTime();
      if (Number.isFinite(when)) act(input, { selectedDateTime: Math.floor(when / 1000) });
    } else if (t.dataset.actionId !== undefined) {
      if (t.dataset.url) window.open(t.dataset.url, '_blank', 'noopener');
      act(t, {});
    }
  });

  $('thread-close').onclick = () => {
    ui.thread = null;
    render();
  };

  $('composer-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('composer');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    try {
      await post('/ui/say', { user: ui.user, channel: ui.channel, text });
    } catch (err) {
      alert(`Could not send: ${err.message}`);
    }
  });

  $('user').addEventListener('change', (e) => {
    ui.user = e.target.value;
    localStorage.setItem('demo.user', ui.user);
    showRole();
    refresh();
    if (ui.view === 'home') openHome();
  });

  $('fire').addEventListener('click', async () => {
    const key = $('alert').value;
    if (!key) return;
    await post('/ui/alert', { key, user: ui.user, channel: ui.channel }).catch((err) => alert(err.message));
  });

  function showRole() {
    const u = ui.info.users.find((x) => x.id === ui.user);
    $('role').textContent = u ? `${u.id} · ${u.role}` : '';
  }

  async function start() {
    ui.info = await fetch('/ui/info').then((r) => r.json());
    if (!ui.info.users.some((u) => u.id === ui.user)) ui.user = ui.info.users[0].id;
    $('user').innerHTML = ui.info.users
      .map((u) => `<option value="${BK.html(u.id)}">${BK.html(u.realName)}</option>`)
      .join('');
    $('user').value = ui.user;
    $('alert').innerHTML += ui.info.alerts
      .map((a) => `<option value="${BK.html(a.key)}">${BK.html(a.label)}</option>`)
      .join('');
    showRole();
    await refresh();
    const events = new EventSource('/ui/events');
    events.onmessage = (e) => {
      if (Number(e.data) !== ui.state.version) refresh();
    };
    document.body.dataset.ready = 'true';
  }
  start();
})();
