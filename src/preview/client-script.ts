/**
 * The script the preview adds to every HTML page it serves (never to the files on disk): it listens
 * to the server's events and reloads the page after a successful rebuild, or shows the build's
 * diagnostics (file:line:col, severity, message, rule) over the page, as an alert a screen reader
 * announces. Plain ES2017 in a string: it runs in the browser, not in Node.
 */
export const previewScriptPath = '/__rubricpress/preview.js';
export const previewEventsPath = '/__rubricpress/events';

export const previewClientScript = `(() => {
  'use strict';
  // The build this page came from, written into the script's tag by the server.
  const generation = Number(document.currentScript && document.currentScript.dataset.generation);
  const events = new EventSource(${JSON.stringify(previewEventsPath)});
  let shown = null;
  const hide = () => { if (shown) { shown.remove(); shown = null; } };
  const show = (state) => {
    hide();
    const problems = state.diagnostics || [];
    if (problems.length === 0) return;
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    const box = document.createElement('section');
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-label', 'rubricpress diagnostics');
    box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#1e1e1e;color:#f0f0f0;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;border-top:4px solid ' + (errors > 0 ? '#e5484d' : '#f5a524') + ';box-shadow:0 -4px 16px rgba(0,0,0,.35)';
    const title = document.createElement('h2');
    title.style.cssText = 'margin:0 0 .5rem;font:inherit;font-weight:700;color:inherit;text-transform:none;letter-spacing:normal';
    title.textContent = 'rubricpress: ' + (errors > 0 ? errors + (errors === 1 ? ' error' : ' errors') + ' — this page is the last good build' : problems.length + (problems.length === 1 ? ' warning' : ' warnings'));
    box.append(title);
    const list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding:0;list-style:none';
    for (const problem of problems) {
      const item = document.createElement('li');
      item.style.cssText = 'margin:.25rem 0;white-space:pre-wrap;color:inherit';
      const where = problem.file + (problem.line === null ? '' : ':' + problem.line + ':' + (problem.column === null ? 1 : problem.column));
      const severity = document.createElement('strong');
      severity.style.color = problem.severity === 'error' ? '#ff6b6b' : '#ffc53d';
      severity.textContent = problem.severity;
      item.append(where + ': ', severity, ': ' + problem.message + (problem.ruleId ? ' [' + problem.ruleId + ']' : ''));
      list.append(item);
    }
    box.append(list);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.style.cssText = 'margin-top:.75rem;font:inherit;padding:.25rem .75rem;color:#1e1e1e;background:#f0f0f0;border:1px solid #f0f0f0;border-radius:3px';
    close.addEventListener('click', hide);
    box.append(close);
    document.body.append(box);
    shown = box;
  };
  events.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    // A build succeeded since this page was served: load the page again.
    if (state.generation !== generation) { location.reload(); return; }
    show(state);
  });
})();
`;
