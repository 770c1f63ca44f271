/* Framing explorer, candidates view (only on pages of studies with discovery candidates).
 * Tick rows, export: the file is the candidate CSV as `framing discover` wrote it, every
 * column and row kept, with the accept column set to x for ticked rows and left empty for
 * the others -- the form `framing lexicon accept` reads. Values enter the page only as
 * text (textContent); nothing from the data is parsed as HTML. */
(function () {
  'use strict';

  var C = /*@CANDIDATES@*/;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in (attrs || {})) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // the quoting of the CSV writer that wrote the file (Python csv, QUOTE_MINIMAL), so an
  // export with the same ticks is the same bytes
  function csvCell(v) {
    var s = String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function tableCsv(t, ticked) {
    var acc = t.columns.indexOf('accept');
    var out = [t.columns.map(csvCell).join(',')];
    t.rows.forEach(function (row, r) {
      out.push(row.map(function (v, k) { return k === acc ? (ticked[r] ? 'x' : '') : v; }).map(csvCell).join(','));
    });
    return out.join('\n') + '\n';
  }

  var section = el('section', { id: 'candidates' });
  section.appendChild(el('h2', null, 'Discovery candidates: review'));
  section.appendChild(el('p', { class: 'help' },
    'Candidates that `framing discover ' + C.study + '` proposed, with their evidence. Tick the rows to keep, ' +
    'export the table and save the file as ' + C.folder + '/' + '<file name> (replacing the one there), then run ' +
    '`framing lexicon accept ' + C.study + '`: only ticked rows are added, with their source recorded.'));
  var api = {};
  C.tables.forEach(function (t) {
    var ticked = t.rows.map(function (row) { return C.marks.indexOf(String(row[t.columns.indexOf('accept')]).trim().toLowerCase()) >= 0; });
    var box = el('div', { class: 'cand-table', 'data-file': t.file });
    var head = el('h3', null, t.title + ' (' + t.rows.length + ' rows, ' + t.file + ')');
    var button = el('button', { type: 'button', class: 'cand-export', 'data-file': t.file });
    var count = el('span', { class: 'cand-count' });
    function refresh() {
      var n = ticked.filter(Boolean).length;
      count.textContent = n + ' ticked';
      button.textContent = 'Export ' + t.file + ' with the ticked rows accepted';
      box.setAttribute('data-ticked', String(n));
    }
    box.appendChild(head);
    var tools = el('div', { class: 'cand-tools' });
    tools.appendChild(button);
    tools.appendChild(count);
    box.appendChild(tools);
    var wrap = el('div', { class: 'table-wrap' }), table = el('table', { class: 'cand' });
    var hr = el('tr');
    hr.appendChild(el('th', null, 'accept'));
    t.show.forEach(function (c) { hr.appendChild(el('th', null, c)); });
    var thead = el('thead'); thead.appendChild(hr); table.appendChild(thead);
    var tbody = el('tbody');
    t.rows.forEach(function (row, r) {
      var tr = el('tr', { 'data-row': String(r) });
      var td = el('td'), tick = el('input', { type: 'checkbox', class: 'cand-tick', 'aria-label': 'accept row ' + (r + 1) });
      tick.checked = ticked[r];
      tick.addEventListener('change', function () { ticked[r] = tick.checked; refresh(); });
      td.appendChild(tick); tr.appendChild(td);
      t.show.forEach(function (c) {
        tr.appendChild(el('td', { class: 'c-' + c.replace(/[^a-z_]/g, '') }, row[t.columns.indexOf(c)]));
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody); wrap.appendChild(table); box.appendChild(wrap);
    button.addEventListener('click', function () {
      var csv = tableCsv(t, ticked);
      var url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      var link = el('a', { href: url, download: t.file, class: 'cand-download', hidden: 'hidden' });
      var old = box.querySelector('a.cand-download');
      if (old) box.removeChild(old);
      box.appendChild(link);  // kept (hidden) so a script can read what was exported
      link.click();
      box.setAttribute('data-exported', String(ticked.filter(Boolean).length));
    });
    refresh();
    section.appendChild(box);
    api[t.file] = function () { return tableCsv(t, ticked); };
  });
  document.querySelector('main').appendChild(section);
  window.framingCandidates = api;  // for scripts and tests: the CSV an export would give now
})();
