// A synthetic busy agent desktop for the overhead phase: 1,000 conversation rows of 10 elements
// each, and on command a steady stream of DOM mutations of the kinds a chat desktop makes
// (rows added and removed, attributes flipped, text rewritten), including the attributes the
// default DOM rule watches (so the detector's observer callback runs, as on a real desktop), and
// the agent's clicks (each pointerup makes the detector sweep) and typing into the reply box (keys
// typed into a text field make no sweep: writing a reply accepts no chat). The watched
// attributes only ever take non-matching values: no chat is reported, only the checking is priced.
// Plain browser JS, served as is.
const ROWS = 1000;
const STATES = ['alerting', 'connected', 'wrapup'];
const list = document.getElementById('conversations');
const reply = document.getElementById('reply');
let serial = 0;

function row() {
  const li = document.createElement('li');
  serial += 1;
  li.className = 'conversation';
  li.dataset.id = `c-${serial}`;
  li.dataset.cobrowseConversationId = `c-${serial}`;
  li.dataset.cobrowseState = 'alerting';
  li.innerHTML =
    `<div class="head"><img alt=""><strong>Customer ${serial}</strong><time>12:00</time></div>` +
    '<p class="preview"><span>Last message</span> <em>typing</em></p>' +
    '<div class="tags"><span class="tag">chat</span></div>';
  return li;
}

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(i, random) {
  const pick = () => list.children[Math.floor(random() * list.children.length)];
  switch (i % 6) {
    case 0:
      list.append(row());
      break;
    case 1:
      list.firstElementChild?.remove();
      break;
    case 2:
      pick()?.setAttribute('data-unread', String(i));
      break;
    case 3: {
      // A watched attribute, never to the matching value "accepted".
      const target = pick();
      if (target) target.dataset.cobrowseState = STATES[i % STATES.length];
      break;
    }
    case 4: {
      const target = pick();
      if (target) target.dataset.cobrowseConversationId = `c-${i}`;
      break;
    }
    default: {
      const name = pick()?.querySelector('strong');
      if (name) name.textContent = `Customer ${i}`;
    }
  }
}

/** The agent's input: a click every 500 ms, a key released every 200 ms in the reply box (typing). */
const KEY_EVERY_MS = 200;
const CLICK_EVERY_MS = 500;
function input(elapsed, sent) {
  while (sent.keys < Math.floor(elapsed / KEY_EVERY_MS)) {
    sent.keys += 1;
    reply.dispatchEvent(new KeyboardEvent('keyup', { key: 'a', bubbles: true }));
  }
  while (sent.clicks < Math.floor(elapsed / CLICK_EVERY_MS)) {
    sent.clicks += 1;
    list.firstElementChild?.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
  }
}

/** Runs `perSecond` mutations a second for `ms`, catching up each 10 ms tick so the rate holds. */
window.benchBusy = (ms, perSecond, seed) =>
  new Promise((resolve) => {
    const random = seeded(seed);
    const total = Math.floor((ms * perSecond) / 1000);
    const start = performance.now();
    const sent = { keys: 0, clicks: 0 };
    let done = 0;
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor((elapsed * perSecond) / 1000));
      while (done < due) mutate(done++, random);
      input(elapsed, sent);
      if (done >= total) {
        clearInterval(timer);
        resolve({
          mutations: done,
          keys: sent.keys,
          clicks: sent.clicks,
          elapsedMs: elapsed,
          elements: document.getElementsByTagName('*').length,
        });
      }
    }, 10);
  });

// Rows skip rendering while off screen, as long lists in real desktops do. Without it the 10,000
// elements saturate a small machine's main thread with layout, and the timing noise that brings
// swamps a 2 % budget; script work (the thing measured) is the same either way.
const style = document.createElement('style');
style.textContent = '.conversation { content-visibility: auto; contain-intrinsic-size: auto 60px; }';
document.head.append(style);
for (let i = 0; i < ROWS; i++) list.append(row());
document.body.dataset.ready = 'true';
