// In-page measurements of the UI benchmark, passed to page.evaluate (each function is self-contained:
// Playwright sends its source to the page). Both pages, the app and the floor, expose the same ARIA
// table (role=table named "Handles", aria-rowcount, rows with data-index, the handle value in the third
// cell), so the same probes measure both.

/** Arms a wait for the next keystroke's result: resolved once the table shows `count` rows starting with handle `first`. */
export function armKeystroke({ count, first, timeoutMs }) {
  const table = document.querySelector('[role="table"][aria-label="Handles"]');
  if (!table) throw new Error('no Handles table on the page');
  const shows = () => {
    if (table.getAttribute('aria-rowcount') !== String(count + 1)) return false;
    if (count === 0) return true;
    const row = table.querySelector('[role="row"][data-index="0"]');
    return row?.children[2]?.textContent === first;
  };
  let keyAt = null;
  const onKey = () => {
    if (keyAt === null) keyAt = performance.now();
  };
  // Capture on window: runs before any of the page's own handlers.
  window.addEventListener('keydown', onKey, true);
  window.__benchPending = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      reject(new Error(`the table did not show ${count} rows starting with ${first} within ${timeoutMs} ms (it shows ${table.getAttribute('aria-rowcount')})`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (keyAt === null || !shows()) return;
      const domAt = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
      // The frame that shows the change: after its animation-frame callbacks come style, layout and
      // paint; a message posted from the callback is handled once that frame's work is done.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ ms: performance.now() - keyAt, domMs: domAt - keyAt });
        channel.port2.postMessage(0);
      });
    });
    observer.observe(table, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return true;
}

/** The armed keystroke's timing. */
export function keystrokeResult() {
  return window.__benchPending;
}

/**
 * Scrolls the Handles table by `step` px once per animation frame for `frames` frames; returns frames
 * per second (from the frames' own timestamps) and how many frames found the row at the top of the
 * view not yet rendered.
 */
export async function scrollFps({ frames, step }) {
  const table = document.querySelector('[role="table"][aria-label="Handles"]');
  const scroller = table?.children[1];
  if (!scroller) throw new Error('no Handles table body on the page');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  scroller.scrollTop = 0;
  for (let i = 0; i < 3; i++) await frame();
  const stamps = [];
  let blank = 0;
  for (let i = 0; i <= frames; i++) {
    stamps.push(await frame());
    if (i > 0) {
      const top = Math.floor(scroller.scrollTop / 28);
      if (!scroller.querySelector(`[role="row"][data-index="${top}"]`)) blank++;
    }
    if (i < frames) scroller.scrollTop += step;
  }
  const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000;
  const endTop = scroller.scrollTop;
  scroller.scrollTop = 0;
  return { fps: frames / seconds, blank, scrolledPx: endTop };
}
