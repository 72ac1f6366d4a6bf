// @ts-check
// The step panel's only script: applies KaTeX's layout styles through the CSSOM (the CSP allows
// no style attributes), wires the buttons to the extension host, swaps in updated content and
// keeps the scroll position (also across reloads, via the webview state).
(function () {
  // @ts-expect-error acquireVsCodeApi is provided by the webview host
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('rnn-root'));
  /** @type {{ uri?: string, line?: number, scrollY?: number }} */
  let state = vscode.getState() || {};

  /** @param {ParentNode} scope */
  function applyStyles(scope) {
    scope.querySelectorAll('[data-k-style]').forEach((el) => {
      /** @type {HTMLElement} */ (el).style.cssText = el.getAttribute('data-k-style') || '';
      el.removeAttribute('data-k-style');
    });
  }

  function save() {
    vscode.setState(state);
  }

  function readTarget() {
    const uri = root.getAttribute('data-uri');
    const line = root.getAttribute('data-line');
    if (uri) state = { ...state, uri, line: line ? Number(line) : undefined };
  }

  applyStyles(document);
  const sameTarget = state.uri === root.getAttribute('data-uri') && String(state.line) === root.getAttribute('data-line');
  readTarget();
  if (sameTarget && typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);
  save();

  let timer = 0;
  window.addEventListener(
    'scroll',
    () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        state = { ...state, scrollY: window.scrollY };
        save();
      }, 100);
    },
    { passive: true },
  );

  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest('[data-action]') : null);
    if (!target) return;
    const action = target.getAttribute('data-action');
    if (action === 'reveal') vscode.postMessage({ type: 'reveal', line: Number(target.getAttribute('data-line')) });
    else if (action === 'copy-latex') vscode.postMessage({ type: 'copy', format: 'latex' });
    else if (action === 'copy-markdown') vscode.postMessage({ type: 'copy', format: 'markdown' });
  });

  /**
   * The cursor is on a failing check (line `line` of the note): scroll to the step that check
   * marks as wrong, else to the check itself, open it if collapsed (compact cards) and flash it.
   * @param {number} line
   */
  function scrollToCheck(line) {
    const el = root.querySelector(`.rnn-step[data-check-line="${line}"]`) || root.querySelector(`.rnn-check[data-check-line="${line}"]`);
    if (!el) return;
    const details = el.querySelector('details');
    if (details) details.open = true;
    el.scrollIntoView({ block: 'center' });
    root.querySelectorAll('.rnn-focus').forEach((f) => f.classList.remove('rnn-focus'));
    el.classList.add('rnn-focus');
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'scroll-to-check' && Number.isInteger(message.line)) {
      scrollToCheck(message.line);
      return;
    }
    if (!message || message.type !== 'update' || typeof message.html !== 'string') return;
    const keep = message.keepScroll === true || (message.uri === state.uri && message.line === state.line);
    const y = window.scrollY;
    root.innerHTML = message.html;
    root.setAttribute('data-uri', message.uri || '');
    root.setAttribute('data-line', message.line === undefined ? '' : String(message.line));
    applyStyles(root);
    readTarget();
    window.scrollTo(0, keep ? y : 0);
    state = { ...state, scrollY: window.scrollY };
    save();
  });

  vscode.postMessage({ type: 'ready' });
})();
