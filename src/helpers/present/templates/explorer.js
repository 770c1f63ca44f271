/* Framing explorer. Vanilla JS, no network, no framework.
 * Safety rule: article text only ever enters the page through textContent or
 * text nodes (never parsed as HTML), so markup in an article is shown, not run.
 * Counts come from the same hit rows as hits.csv / features.csv
 * (helpers.explore.payload_counts is the Python twin of countHits). */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('explorer-data').textContent);
  var A = D.articles, H = D.hits, S = D.segments, Q = D.quotes;
  var NA = A.id.length, NH = H.start.length, NO = D.outlets.length;
  var NAMING = D.categories.indexOf(D.naming_category);
  // UTF-16 units of context either side: more than the widest screen shows; the
  // style clips the left context on its left and the right context on its right,
  // so the context fills whatever width the window has.
  var KWIC_WINDOW = 240;
  var EXPORT_WINDOW = 80;   // characters of context either side in the CSV export
  var KWIC_BATCH = 400;     // lines rendered before "show more"
  var SEARCH_MAX = 20000;   // search lines kept (a one-letter search of a large corpus)

  var state = { outlet: -1, event: -1, group: -1, voice: 'all', sel: null, article: -1, hit: -1,
                openCats: {}, openActors: {}, sort: 'outlet', rows: [] };

  // Per-hit lookups computed once.
  var hitOutlet = new Int32Array(NH), hitEvent = new Int32Array(NH), hitGroup = new Int32Array(NH);
  for (var i = 0; i < NH; i++) {
    hitOutlet[i] = A.outlet[H.article[i]];
    hitEvent[i] = A.event[H.article[i]];
    hitGroup[i] = D.kind_group[H.kind[i]];
  }
  // Rows are sorted by article, so each article's rows are one contiguous range.
  function ranges(col) {
    var first = new Int32Array(NA).fill(-1), last = new Int32Array(NA).fill(-1);
    for (var r = 0; r < col.length; r++) {
      if (first[col[r]] < 0) first[col[r]] = r;
      last[col[r]] = r + 1;
    }
    return { first: first, last: last };
  }
  var hitRange = ranges(H.article), segRange = ranges(S.article), quoteRange = ranges(Q.article);
  var actors = [];
  (function () {
    var seen = {};
    for (var i = 0; i < NH; i++) {
      if (H.category[i] === NAMING && !seen[H.sub[i]]) { seen[H.sub[i]] = 1; actors.push(H.sub[i]); }
    }
    actors.sort(function (a, b) { return actorName(a) < actorName(b) ? -1 : actorName(a) > actorName(b) ? 1 : 0; });
  })();

  // ------------------------------------------------------------ small DOM helpers
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (k === 'class') node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      }
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }
  function catClass(c) { return 'cat-' + D.categories[c].replace(/[^A-Za-z0-9_-]/g, '_'); }
  function label(ix) { return D.labels[ix]; }
  function catName(c) { return D.category_labels[c]; }
  function actorName(x) { return D.actor_labels[String(x)] || label(x); }
  function eventName(e) { return D.event_labels[e]; }
  // colours come from the payload; keep only characters a CSS colour or style name uses
  function cssValue(v) { return String(v).replace(/[^#A-Za-z0-9]/g, ''); }

  // Colour-blind-safe rules per category (helpers.present.labels.CATEGORY_STYLES):
  // a tinted background plus an underline whose style differs between categories.
  (function () {
    var css = '';
    for (var c = 0; c < D.categories.length; c++) {
      var cls = catClass(c), st = D.category_style[c];
      css += 'mark.' + cls + ', .legend-item.' + cls + ' { background: ' + cssValue(st.bg) +
             '; border-bottom: 2px ' + cssValue(st.dash) + ' ' + cssValue(st.line) + '; }\n';
      css += '#article-text.hide-' + cls + ' mark.' + cls + ' { background: none; box-shadow: none; border-bottom: 0; }\n';
    }
    document.head.appendChild(el('style', null, css));
  })();

  // ------------------------------------------------------------ filtering and counting
  function passes(i) {
    if (state.outlet >= 0 && hitOutlet[i] !== state.outlet) return false;
    if (state.event >= 0 && hitEvent[i] !== state.event) return false;
    if (state.group >= 0 && hitGroup[i] !== state.group) return false;
    if (state.voice === 'own' && H.quoted[i]) return false;
    if (state.voice === 'quoted' && !H.quoted[i]) return false;
    return true;
  }

  // One pass over the hit rows: counts per key, per outlet x voice (own=0, quoted=1).
  function countHits() {
    var out = { cats: {}, entries: {}, actors: {}, forms: {} };
    function add(table, key, i) {
      var row = table[key];
      if (!row) row = table[key] = new Int32Array(NO * 2);
      row[hitOutlet[i] * 2 + H.quoted[i]]++;
    }
    for (var i = 0; i < NH; i++) {
      if (!passes(i)) continue;
      var c = H.category[i];
      add(out.cats, c, i);
      add(out.entries, c + ':' + H.entry[i], i);
      if (c === NAMING) {
        add(out.actors, H.sub[i], i);
        add(out.forms, H.sub[i] + ':' + H.entry[i], i);
      }
    }
    return out;
  }

  function visibleOutlets() {
    if (state.outlet >= 0) return [state.outlet];
    var all = [];
    for (var o = 0; o < NO; o++) all.push(o);
    return all;
  }
  function voiceColumns() {
    return state.voice === 'all' ? ['own', 'quoted', 'all'] : [state.voice];
  }
  function cell(row, o, v) {
    if (!row) return 0;
    if (v === 'own') return row[o * 2];
    if (v === 'quoted') return row[o * 2 + 1];
    return row[o * 2] + row[o * 2 + 1];
  }
  function articleCounts() {
    var n = new Int32Array(NO);
    for (var a = 0; a < NA; a++) {
      if (state.event >= 0 && A.event[a] !== state.event) continue;
      n[A.outlet[a]]++;
    }
    return n;
  }

  // ------------------------------------------------------------ count tables
  function tableHead(table, firstLabel) {
    var head = el('thead'), r1 = el('tr'), r2 = el('tr'), nArt = articleCounts();
    var cols = voiceColumns();
    r1.appendChild(el('th', { class: 'name' }, firstLabel));
    r2.appendChild(el('th', { class: 'name' }, ''));
    visibleOutlets().forEach(function (o) {
      r1.appendChild(el('th', { colspan: String(cols.length), 'data-outlet': D.outlets[o] },
        D.outlets[o] + ' (' + nArt[o] + ' art.)'));
      cols.forEach(function (v) { r2.appendChild(el('th', { 'data-voice': v }, v)); });
    });
    head.appendChild(r1);
    head.appendChild(r2);
    table.appendChild(head);
  }

  function countRow(kind, attrs, name, row, opts) {
    var tr = el('tr', { class: kind, 'data-kind': kind });
    for (var k in attrs) tr.setAttribute('data-' + k, attrs[k]);
    var th = el('th', { class: 'name' });
    if (opts.toggle) {
      var t = el('button', { class: 'toggle', type: 'button', 'aria-label': 'show entries' }, opts.open ? '\u25be' : '\u25b8');
      t.addEventListener('click', opts.toggle);
      th.appendChild(t);
    }
    var pick = el('button', { class: 'pick', type: 'button' }, name);
    for (var k2 in attrs) pick.setAttribute('data-' + k2, attrs[k2]);
    pick.setAttribute('data-kind', kind);
    pick.addEventListener('click', opts.pick);
    th.appendChild(pick);
    tr.appendChild(th);
    var cols = voiceColumns();
    visibleOutlets().forEach(function (o) {
      cols.forEach(function (v) {
        tr.appendChild(el('td', { class: 'v-' + v, 'data-outlet': D.outlets[o], 'data-voice': v }, cell(row, o, v)));
      });
    });
    if (opts.selected) tr.classList.add('selected');
    return tr;
  }

  function total(row) {
    if (!row) return 0;
    var s = 0;
    for (var j = 0; j < row.length; j++) s += row[j];
    return s;
  }
  // Sub-rows (entries, surface forms) with any hit under the filters, most frequent first.
  function subKeys(table, prefix) {
    var keys = [];
    for (var key in table) {
      if (key.indexOf(prefix) === 0 && total(table[key]) > 0) keys.push(+key.slice(prefix.length));
    }
    keys.sort(function (a, b) {
      var d = total(table[prefix + b]) - total(table[prefix + a]);
      return d !== 0 ? d : (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0);
    });
    return keys;
  }
  function isSel(kind, a, b) {
    var s = state.sel;
    return !!s && s.kind === kind && s.a === a && s.b === b;
  }

  function renderTables(counts) {
    var ct = $('category-table');
    clear(ct);
    tableHead(ct, 'category / entry');
    var body = el('tbody');
    D.categories.forEach(function (name, c) {
      var open = !!state.openCats[c];
      body.appendChild(countRow('category', { category: name }, catName(c), counts.cats[c], {
        open: open, selected: isSel('category', c, -1),
        toggle: function () { state.openCats[c] = !open; render(); },
        pick: function () { state.openCats[c] = true; pickSel({ kind: 'category', a: c, b: -1 }); }
      }));
      if (!open) return;
      subKeys(counts.entries, c + ':').forEach(function (e) {
        body.appendChild(countRow('entry', { category: name, entry: label(e) }, label(e), counts.entries[c + ':' + e], {
          selected: isSel('entry', c, e), pick: function () { pickSel({ kind: 'entry', a: c, b: e }); }
        }));
      });
    });
    ct.appendChild(body);

    var at = $('actor-table');
    clear(at);
    tableHead(at, 'actor / surface form');
    var abody = el('tbody');
    actors.forEach(function (x) {
      var open = !!state.openActors[x];
      abody.appendChild(countRow('actor', { actor: label(x) }, actorName(x), counts.actors[x], {
        open: open, selected: isSel('actor', x, -1),
        toggle: function () { state.openActors[x] = !open; render(); },
        pick: function () { state.openActors[x] = true; pickSel({ kind: 'actor', a: x, b: -1 }); }
      }));
      if (!open) return;
      subKeys(counts.forms, x + ':').forEach(function (e) {
        abody.appendChild(countRow('form', { actor: label(x), entry: label(e) }, label(e), counts.forms[x + ':' + e], {
          selected: isSel('form', x, e), pick: function () { pickSel({ kind: 'form', a: x, b: e }); }
        }));
      });
    });
    if (!actors.length) abody.appendChild(el('tr', null, '')).appendChild(el('td', { class: 'name' }, 'no naming hits'));
    at.appendChild(abody);
  }

  // ------------------------------------------------------------ keyword in context
  // A line is {a: article, s, e: UTF-16 offsets, c: category (-1 for a search),
  // entry: label (-1), kind: segment kind, quoted: 0/1, hit: hit row (-1)}.
  function matchesSel(i) {
    var s = state.sel;
    if (s.kind === 'category') return H.category[i] === s.a;
    if (s.kind === 'entry') return H.category[i] === s.a && H.entry[i] === s.b;
    if (s.kind === 'actor') return H.category[i] === NAMING && H.sub[i] === s.a;
    return H.category[i] === NAMING && H.sub[i] === s.a && H.entry[i] === s.b;
  }
  function selName() {
    var s = state.sel;
    if (s.kind === 'search') return 'search \u201c' + s.q + '\u201d';
    if (s.kind === 'category') return catName(s.a);
    if (s.kind === 'entry') return catName(s.a) + ': ' + label(s.b);
    if (s.kind === 'actor') return 'actor ' + actorName(s.a);
    return 'actor ' + actorName(s.a) + ': ' + label(s.b);
  }
  function oneLine(s) { return s.replace(/\s+/g, ' '); }

  function hitLine(i) {
    return { a: H.article[i], s: H.start[i], e: H.end[i], c: H.category[i], entry: H.entry[i],
             kind: H.kind[i], quoted: H.quoted[i], hit: i };
  }

  // Lower case with the text's length kept (a few characters lower to two), so
  // offsets found in the lowered copy are offsets in the text.
  var lowered = {};
  function lowerText(a) {
    if (lowered[a] === undefined) {
      var t = A.text[a], l = t.toLowerCase();
      if (l.length !== t.length) {
        var parts = [];
        for (var k = 0; k < t.length; k++) parts.push(t[k].toLowerCase().charAt(0));
        l = parts.join('');
      }
      lowered[a] = l;
    }
    return lowered[a];
  }
  function segmentAt(a, pos) {
    for (var s = segRange.first[a]; s >= 0 && s < segRange.last[a]; s++) {
      if (S.start[s] <= pos && pos < S.end[s]) return s;
    }
    return -1;
  }
  function quotedAt(a, s, e) {
    for (var q = quoteRange.first[a]; q >= 0 && q < quoteRange.last[a]; q++) {
      if (Q.start[q] <= s && Q.end[q] >= e) return 1;
    }
    return 0;
  }
  // Plain substring search (never a regular expression), upper and lower case alike,
  // under the outlet, event, segment and voice filters.
  function searchLines(query) {
    var q = query.toLowerCase(), out = [];
    if (!q) return out;
    for (var a = 0; a < NA && out.length < SEARCH_MAX; a++) {
      if (state.outlet >= 0 && A.outlet[a] !== state.outlet) continue;
      if (state.event >= 0 && A.event[a] !== state.event) continue;
      var text = lowerText(a), from = 0, at;
      while ((at = text.indexOf(q, from)) >= 0 && out.length < SEARCH_MAX) {
        from = at + 1;
        var seg = segmentAt(a, at);
        if (seg < 0) continue;
        var end = at + q.length, quoted = quotedAt(a, at, end);
        if (state.group >= 0 && D.kind_group[S.kind[seg]] !== state.group) continue;
        if (state.voice === 'own' && quoted) continue;
        if (state.voice === 'quoted' && !quoted) continue;
        out.push({ a: a, s: at, e: end, c: -1, entry: -1, kind: S.kind[seg], quoted: quoted, hit: -1 });
      }
    }
    return out;
  }

  function compareLines(x, y) {
    var ox = A.outlet[x.a] - A.outlet[y.a], ev = A.event[x.a] - A.event[y.a];
    if (state.sort === 'event') { if (ev) return ev; if (ox) return ox; }
    else if (state.sort === 'position') {
      var px = x.s / Math.max(1, A.text[x.a].length), py = y.s / Math.max(1, A.text[y.a].length);
      if (px !== py) return px - py;
      if (ox) return ox;
    } else { if (ox) return ox; if (ev) return ev; }
    return (x.a - y.a) || (x.s - y.s) || (x.e - y.e);
  }

  function lineContext(ln, width) {
    var text = A.text[ln.a], from = Math.max(0, ln.s - width), to = Math.min(text.length, ln.e + width);
    return { left: oneLine(text.slice(from, ln.s)), match: text.slice(ln.s, ln.e), right: oneLine(text.slice(ln.e, to)),
             more_left: from > 0, more_right: to < text.length };
  }
  function lineWhat(ln) {
    return ln.c >= 0 ? catName(ln.c) + ': ' + label(ln.entry) : 'search';
  }

  function kwicLine(ln) {
    var a = ln.a, ctx = lineContext(ln, KWIC_WINDOW), kind = D.segment_kinds[ln.kind];
    var line = el('div', { class: 'kwic-line', 'data-hit': String(ln.hit), 'data-article': A.id[a],
                            'data-outlet': D.outlets[A.outlet[a]], 'data-event': D.events[A.event[a]],
                            'data-segment': kind, 'data-voice': ln.quoted ? 'quoted' : 'own',
                            title: A.title[a] + ' (' + A.id[a] + ')' });
    var t = el('div', { class: 'kwic-text' });
    var left = el('span', { class: 'left' });
    left.appendChild(el('span', null, (ctx.more_left ? '\u2026' : '') + ctx.left));
    t.appendChild(left);
    t.appendChild(el('mark', { class: 'kw' + (ln.c >= 0 ? ' ' + catClass(ln.c) : ' search') }, ctx.match));
    t.appendChild(el('span', { class: 'right' }, ctx.right + (ctx.more_right ? '\u2026' : '')));
    line.appendChild(t);
    // one compact line: outlet, event, segment, voice, what matched; the headline is the tooltip
    line.appendChild(el('div', { class: 'kwic-meta' },
      D.outlets[A.outlet[a]] + ' \u00b7 ' + eventName(A.event[a]) + ' \u00b7 ' + kind + ' \u00b7 ' +
      (ln.quoted ? 'quoted' : 'own voice') + ' \u00b7 ' + lineWhat(ln)));
    line.setAttribute('tabindex', '0');
    line.setAttribute('role', 'button');
    line.addEventListener('click', function () { openArticle(a, ln.hit, true, ln); });
    line.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); openArticle(a, ln.hit, true, ln); }
    });
    return line;
  }

  function appendLines(box, rows, from) {
    var frag = document.createDocumentFragment(), to = Math.min(rows.length, from + KWIC_BATCH);
    for (var r = from; r < to; r++) frag.appendChild(kwicLine(rows[r]));
    box.appendChild(frag);
    if (to < rows.length) {
      var more = el('button', { class: 'more', type: 'button' }, 'show ' + Math.min(KWIC_BATCH, rows.length - to) +
                    ' more of ' + (rows.length - to) + ' remaining');
      more.addEventListener('click', function () { box.removeChild(more); appendLines(box, rows, to); });
      box.appendChild(more);
    }
  }

  function renderKwic() {
    var box = $('kwic-lines');
    clear(box);
    if (!state.sel) {
      state.rows = [];
      $('kwic-title').textContent = 'Keyword in context';
      $('kwic-hint').hidden = false;
      $('kwic-tools').hidden = true;
      box.setAttribute('data-lines', '0');
      return;
    }
    $('kwic-hint').hidden = true;
    $('kwic-tools').hidden = false;
    var rows = [], i;
    if (state.sel.kind === 'search') rows = searchLines(state.sel.q);
    else for (i = 0; i < NH; i++) { if (passes(i) && matchesSel(i)) rows.push(hitLine(i)); }
    rows.sort(compareLines);
    state.rows = rows;
    var perOutlet = new Int32Array(NO);
    rows.forEach(function (ln) { perOutlet[A.outlet[ln.a]]++; });
    $('kwic-title').textContent = selName() + ' \u2014 ' + rows.length + (rows.length === 1 ? ' line' : ' lines') +
      (state.sel.kind === 'search' && rows.length >= SEARCH_MAX ? ' (the first ' + SEARCH_MAX + ')' : '');
    $('kwic-summary').textContent = visibleOutlets().map(function (o) {
      return D.outlets[o] + ' ' + perOutlet[o];
    }).join(' \u00b7 ');
    box.setAttribute('data-lines', String(rows.length));
    appendLines(box, rows, 0);
  }

  // ------------------------------------------------------------ export
  // RFC 4180 quoting; a cell that a spreadsheet would run as a formula (= + - @ tab CR)
  // gets a leading apostrophe (OWASP, "CSV Injection").
  function csvCell(v) {
    var s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }
  function codePoints(text, u) { return Array.from(text.slice(0, u)).length; }
  function linesCsv(rows) {
    var head = ['outlet', 'event', 'article_id', 'headline', 'segment', 'voice', 'category', 'entry',
                'start', 'end', 'left', 'match', 'right'];
    var out = [head.map(csvCell).join(',')];
    rows.forEach(function (ln) {
      var a = ln.a, ctx = lineContext(ln, EXPORT_WINDOW), text = A.text[a];
      out.push([D.outlets[A.outlet[a]], D.events[A.event[a]], A.id[a], A.title[a], D.segment_kinds[ln.kind],
                ln.quoted ? 'quoted' : 'own', ln.c >= 0 ? D.categories[ln.c] : 'search',
                ln.c >= 0 ? label(ln.entry) : state.sel.q, codePoints(text, ln.s), codePoints(text, ln.e),
                ctx.left, ctx.match, ctx.right].map(csvCell).join(','));
    });
    return out.join('\r\n') + '\r\n';
  }
  function exportCsv() {
    var csv = linesCsv(state.rows);
    var url = URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' }));
    var link = el('a', { href: url, download: 'framing-lines.csv' });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    document.body.setAttribute('data-exported', String(state.rows.length));
  }

  // ------------------------------------------------------------ full article
  function renderLegend(a) {
    var legend = $('legend'), text = $('article-text');
    clear(legend);
    var inArticle = {};
    for (var i = hitRange.first[a]; i >= 0 && i < hitRange.last[a]; i++) inArticle[H.category[i]] = (inArticle[H.category[i]] || 0) + 1;
    D.categories.forEach(function (name, c) {
      var cls = catClass(c);
      var item = el('label', { class: 'legend-item ' + cls, 'data-category': name });
      var box = el('input', { type: 'checkbox' });
      box.checked = !text.classList.contains('hide-' + cls);
      box.addEventListener('change', function () { text.classList.toggle('hide-' + cls, !box.checked); });
      item.appendChild(box);
      item.appendChild(document.createTextNode(catName(c) + ' (' + (inArticle[c] || 0) + ')'));
      legend.appendChild(item);
    });
    legend.appendChild(el('span', { class: 'quoted' }, 'quoted passage'));
  }

  // Split one segment at every hit and quote boundary; each piece is a text
  // node, wrapped in a mark for the hits covering it and a span if quoted.
  function renderSegment(a, sIx, current) {
    var text = A.text[a], s0 = S.start[sIx], s1 = S.end[sIx];
    var kind = D.segment_kinds[S.kind[sIx]];
    var div = el('div', { class: 'seg seg-' + kind, 'data-segment': kind });
    div.appendChild(el('span', { class: 'seg-label' }, kind));
    var p = el('p', { class: 'seg-text' });
    var hits = [], quotes = [], cuts = [s0, s1], i;
    for (i = hitRange.first[a]; i >= 0 && i < hitRange.last[a]; i++) {
      if (H.start[i] < s1 && H.end[i] > s0) { hits.push(i); cuts.push(H.start[i], H.end[i]); }
    }
    for (i = quoteRange.first[a]; i >= 0 && i < quoteRange.last[a]; i++) {
      if (Q.start[i] < s1 && Q.end[i] > s0) { quotes.push(i); cuts.push(Q.start[i], Q.end[i]); }
    }
    cuts = cuts.filter(function (x) { return x >= s0 && x <= s1; }).sort(function (x, y) { return x - y; });
    var found = null;
    for (var k = 0; k + 1 < cuts.length; k++) {
      var from = cuts[k], to = cuts[k + 1];
      if (to <= from) continue;
      var node = document.createTextNode(text.slice(from, to));
      var covering = hits.filter(function (h) { return H.start[h] <= from && H.end[h] >= to; });
      if (covering.length) {
        var classes = ['hit'], names = [], seen = {};
        covering.forEach(function (h) {
          var cls = catClass(H.category[h]);
          if (!seen[cls]) { seen[cls] = 1; classes.push(cls); }
          names.push(catName(H.category[h]) + ': ' + label(H.entry[h]) + (H.quoted[h] ? ' (quoted)' : ''));
        });
        if (classes.length > 2) classes.push('multi');
        var mark = el('mark', { class: classes.join(' '), title: names.join('; '),
                                'data-category': D.categories[H.category[covering[0]]],
                                'data-hits': covering.join(' ') });
        if (covering.indexOf(current) >= 0) { mark.classList.add('current'); found = found || mark; }
        mark.appendChild(node);
        node = mark;
      }
      var inQuote = quotes.some(function (q) { return Q.start[q] <= from && Q.end[q] >= to; });
      if (inQuote) {
        var span = el('span', { class: 'quoted' });
        span.appendChild(node);
        node = span;
      }
      p.appendChild(node);
    }
    div.appendChild(p);
    return { node: div, current: found };
  }

  function openArticle(a, hit, scroll, line) {
    state.article = a;
    state.hit = hit;
    $('article-picker').value = String(a);
    var meta = $('article-meta'), text = $('article-text');
    clear(meta);
    clear(text);
    meta.setAttribute('data-article', A.id[a]);
    meta.appendChild(el('h3', null, A.title[a]));
    meta.appendChild(el('div', null, D.outlets[A.outlet[a]] + ' \u00b7 event ' + eventName(A.event[a]) + ' \u00b7 ' + A.id[a]));
    renderLegend(a);
    var current = null;
    for (var s = segRange.first[a]; s >= 0 && s < segRange.last[a]; s++) {
      var out = renderSegment(a, s, hit);
      text.appendChild(out.node);
      current = current || out.current;
    }
    if (!current && line) {  // a search line: mark where it is
      current = markSearch(line);
    }
    if (scroll) (current || $('article')).scrollIntoView({ block: 'center' });
  }

  // The article view's text node holding UTF-16 offset ``line.s``; its match gets an outline.
  function markSearch(line) {
    var paras = document.querySelectorAll('#article-text .seg');
    for (var k = 0; k < paras.length; k++) {
      var s = segRange.first[line.a] + k;
      if (S.start[s] <= line.s && line.s < S.end[s]) {
        paras[k].classList.add('current-seg');
        return paras[k];
      }
    }
    return null;
  }

  // ------------------------------------------------------------ wiring
  function select(sel) {
    state.sel = sel;
    render();
  }
  function pickSel(sel) {  // a category, entry or actor replaces a search
    $('f-search').value = '';
    select(sel);
  }
  function search(query) {
    select(query ? { kind: 'search', q: query } : null);
  }
  function render() {
    renderTables(countHits());
    renderKwic();
  }
  function fillSelect(id, values) {
    var sel = $(id);
    values.forEach(function (v, k) { sel.appendChild(el('option', { value: String(k) }, v)); });
    return sel;
  }

  function init() {
    var filters = { 'f-outlet': 'outlet', 'f-event': 'event', 'f-group': 'group' };
    fillSelect('f-outlet', D.outlets);
    fillSelect('f-event', D.event_labels);
    fillSelect('f-group', D.segment_groups);
    Object.keys(filters).forEach(function (id) {
      $(id).addEventListener('change', function () { state[filters[id]] = +$(id).value; render(); });
    });
    $('f-voice').addEventListener('change', function () { state.voice = $('f-voice').value; render(); });
    $('f-search').addEventListener('input', function () { search($('f-search').value); });
    $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); });
    $('f-sort').addEventListener('change', function () { state.sort = $('f-sort').value; renderKwic(); });
    $('export-csv').addEventListener('click', exportCsv);
    // for scripts and tests: the CSV of the lines listed now
    window.framingExplorer = { csv: function () { return linesCsv(state.rows); } };

    var picker = $('article-picker');
    D.outlets.forEach(function (name, o) {
      var group = el('optgroup', { label: name });
      for (var a = 0; a < NA; a++) {
        if (A.outlet[a] === o) group.appendChild(el('option', { value: String(a) }, A.title[a] + ' (' + A.id[a] + ')'));
      }
      picker.appendChild(group);
    });
    picker.addEventListener('change', function () { if (+picker.value >= 0) openArticle(+picker.value, -1, false); });

    if (D.articles_shown < D.articles_total) {
      var notice = $('sample-notice');
      notice.textContent = 'This page holds a sample of ' + D.articles_shown + ' of ' + D.articles_total +
        ' articles (chosen by a hash of the article id, the same every time); all counts on this page are for the sample. ' +
        'To read the rest, build the explorer for a smaller corpus (e.g. one outlet or event): add those articles ' +
        'to their own corpus, then run `framing run NAME` and `framing explore NAME --output DIR`; or raise the limit ' +
        'from Python with helpers.explore.write_explorer(CORPUS, max_articles=' + D.articles_total + ').';
      notice.hidden = false;
    }
    render();
    document.body.setAttribute('data-ready', '1');
    // for the size test: milliseconds from navigation start until the first render is done
    document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  }

  init();
})();
