// The HTML report's only script, inlined (the Content-Security-Policy allows it by hash and nothing else).
// It reads the findings from the embedded JSON and builds their rows with DOM calls and textContent only,
// never markup, a page of 100 per check at a time; it filters, sorts, expands and copies to the clipboard.

export const REPORT_JS = `(function () {
  'use strict';
  var doc = document;
  var byId = function (id) { return doc.getElementById(id); };
  var dataElement = byId('report-data');
  var controls = byId('filters');
  var shownText = byId('shown');
  var live = byId('live');
  if (!dataElement || !controls || !shownText) return;
  var data = JSON.parse(dataElement.textContent || '{}');
  var S = data.strings;
  var PAGE = 100;
  var COLUMNS = 5;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  doc.documentElement.classList.add('js');
  controls.hidden = false;

  function h(tag, attributes, children) {
    var element = doc.createElement(tag);
    if (attributes) Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      element.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
    });
    return element;
  }
  function say(message) {
    if (live) live.textContent = message;
  }

  var findings = data.findings.map(function (f, index) {
    var account = S[f.a];
    var label = data.accountLabels[account] || account;
    return {
      f: f,
      index: index,
      id: 'finding-' + index,
      label: label,
      text: [S[f.n], S[f.r], S[f.m], S[f.t], label, f.o !== undefined ? S[f.o] : ''].join(' ').toLowerCase()
    };
  });
  var buckets = {};
  findings.forEach(function (entry) { (buckets[entry.f.k] = buckets[entry.f.k] || []).push(entry); });
  var sections = Array.prototype.map.call(doc.querySelectorAll('section.check'), function (element) {
    var k = element.getAttribute('data-check');
    return {
      element: element,
      severity: element.getAttribute('data-severity'),
      k: k,
      table: element.querySelector('table.findings'),
      empty: element.querySelector('.empty-filter'),
      more: element.querySelector('.more'),
      moreText: element.querySelector('.more-text'),
      showMore: element.querySelector('.show-more'),
      count: element.querySelector('.shown-in-check'),
      all: buckets[k] || [],
      shown: [],
      rendered: 0,
      sort: { column: 0, direction: 1 }
    };
  });
  var sectionOf = {};
  sections.forEach(function (section) { sectionOf[section.k] = section; });

  // Rows
  function statusBadge(status) {
    return h('span', { class: 'status s-' + status.id }, [h('span', { class: 'icon', 'aria-hidden': 'true' }, [status.icon]), status.word]);
  }
  function rowFor(entry) {
    if (entry.body) return entry.body;
    var f = entry.f;
    var status = data.statuses[f.s];
    var statusCell = h('td', null, [statusBadge(status)]);
    if (f.b === 1) {
      statusCell.appendChild(doc.createTextNode(' '));
      statusCell.appendChild(h('span', { class: 'badge new' }, ['new']));
    }
    entry.toggle = h('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-controls': entry.id }, [S[f.n]]);
    entry.detail = h('tr', { class: 'detail', id: entry.id, hidden: '' }, [h('td', { colspan: String(COLUMNS) })]);
    entry.body = h('tbody', { class: 'finding', 'data-status': status.id, 'data-severity': data.severities[f.v] }, [
      h('tr', null, [statusCell, h('th', { scope: 'row' }, [entry.toggle]), h('td', null, [S[f.t]]), h('td', null, [entry.label]), h('td', { class: 'msg' }, [S[f.m]])]),
      entry.detail
    ]);
    return entry.body;
  }

  function copyBlock(id, text, what) {
    return h('div', { class: 'code' }, [
      h('pre', null, [h('code', { id: id }, [text])]),
      h('button', { type: 'button', class: 'copy', 'data-copy': id }, [h('span', { class: 'label' }, ['Copy']), h('span', { class: 'vh' }, [' ' + what])])
    ]);
  }
  function block(className, title, children) {
    return h('div', { class: 'block ' + className }, [h('p', { class: 'block-title' }, [title])].concat(children));
  }
  function disclosure(title, children) {
    return h('details', { class: 'block' }, [h('summary', null, [title])].concat(children));
  }
  function buildDetail(entry) {
    var f = entry.f;
    var id = entry.id;
    var facts = h('dl', { class: 'facts' });
    function fact(term, value, className) {
      facts.appendChild(h('dt', null, [term]));
      facts.appendChild(h('dd', className ? { class: className } : null, [value]));
    }
    fact('ARN', S[f.r], 'arn');
    fact('Type', S[f.T]);
    if (f.o !== undefined) fact('Source', S[f.o]);
    fact('Severity', data.severities[f.v]);
    if (f.b) fact('Baseline', f.b === 1 ? 'new since the baseline' : 'also in the baseline');
    if (f.e !== undefined) fact('Evidence', S[f.e]);
    var parts = [facts, h('p', { class: 'msg' }, [S[f.m]])];
    if (f.i) {
      parts.push(block('issues', 'Issues', [h('ul', null, f.i.map(function (issue) {
        return h('li', null, issue[0] >= 0 ? [h('code', null, [S[issue[0]]]), ': ', S[issue[1]]] : [S[issue[1]]]);
      }))]));
    }
    if (f.w !== undefined) {
      parts.push(block('witness', 'Witness: a request that succeeds without MFA', [
        h('p', null, [S[f.w]]),
        f.C ? disclosure('Request context', [h('dl', { class: 'facts' }, f.C.reduce(function (items, pair) {
          return items.concat([h('dt', null, [S[pair[0]]]), h('dd', null, [S[pair[1]]])]);
        }, []))]) : null
      ]));
    }
    if (f.p !== undefined) {
      parts.push(block('replay', 'Replay it with the policy simulator', [
        copyBlock(id + '-replay', S[f.p], 'replay command'),
        f.P ? h('p', null, ['The command reads these files; write each policy into its file first:']) : null,
        f.P ? h('ul', null, f.P.map(function (pair) { return h('li', null, [h('code', null, [S[pair[0]]]), ': ', S[pair[1]]]); })) : null
      ]));
    }
    if (f.x !== undefined) {
      var commands = (f.c || []).map(function (command, index) {
        return h('li', null, [
          command[1] ? h('span', { class: 'badge destructive' }, [h('span', { 'aria-hidden': 'true' }, ['\\u26a0 ']), 'takes access away: review first']) : null,
          command[1] ? ' ' : null,
          command[2] ? h('span', { class: 'badge' }, [h('span', { 'aria-hidden': 'true' }, ['\\u270e ']), 'needs your input']) : null,
          copyBlock(id + '-cli' + index, S[command[0]], 'command ' + (index + 1))
        ]);
      });
      parts.push(block('remediation', 'Remediation', [
        h('p', null, [S[f.x]]),
        commands.length > 0 ? h('ol', { class: 'commands' }, commands) : null,
        f.f !== undefined ? disclosure('Terraform', [copyBlock(id + '-tf', S[f.f], 'Terraform')]) : null,
        f.g !== undefined ? disclosure('CloudFormation', [copyBlock(id + '-cfn', S[f.g], 'CloudFormation')]) : null
      ]));
    }
    if (f.d !== undefined) parts.push(disclosure('Details (JSON)', [h('pre', null, [S[f.d]])]));
    var cell = entry.detail.firstChild;
    parts.forEach(function (part) { cell.appendChild(part); });
    entry.built = true;
  }
  function setExpanded(entry, expanded) {
    rowFor(entry);
    if (expanded && !entry.built) buildDetail(entry);
    entry.toggle.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    entry.detail.hidden = !expanded;
  }

  // Filtering, sorting, paging
  function checked(name) {
    var values = {};
    Array.prototype.forEach.call(controls.querySelectorAll('input[name="' + name + '"]'), function (input) {
      if (input.checked) values[input.value] = true;
    });
    return values;
  }
  function valueOf(id) {
    var element = byId(id);
    return element ? element.value : '';
  }
  function sortKey(entry, column) {
    switch (column) {
      case 1: return S[entry.f.n];
      case 2: return S[entry.f.t];
      case 3: return entry.label;
      case 4: return S[entry.f.m];
      default: return entry.f.s;
    }
  }
  function sortShown(section) {
    var column = section.sort.column;
    var direction = section.sort.direction;
    if (column === 0 && direction === 1) return;
    section.shown.sort(function (a, b) {
      var x = sortKey(a, column);
      var y = sortKey(b, column);
      var order = typeof x === 'number' ? x - y : collator.compare(x, y);
      return direction * order || a.index - b.index;
    });
  }
  function renderRows(section, from, to) {
    var fragment = doc.createDocumentFragment();
    for (var i = from; i < to; i++) fragment.appendChild(rowFor(section.shown[i]));
    section.table.appendChild(fragment);
    section.rendered = to;
  }
  function updateMore(section) {
    if (!section.more) return;
    var total = section.shown.length;
    section.more.hidden = section.rendered >= total;
    if (section.moreText) section.moreText.textContent = 'Listing ' + section.rendered + ' of ' + total + '.';
    if (section.showMore) section.showMore.textContent = 'Show ' + Math.min(PAGE, total - section.rendered) + ' more';
  }
  function render(section, count) {
    if (!section.table) return;
    while (section.table.tBodies.length > 0) section.table.removeChild(section.table.tBodies[0]);
    renderRows(section, 0, Math.min(count, section.shown.length));
    section.table.hidden = section.shown.length === 0;
    if (section.empty) section.empty.hidden = section.shown.length > 0;
    updateMore(section);
  }
  function apply() {
    var statuses = checked('status');
    var severities = checked('severity');
    var check = valueOf('filter-check');
    var account = valueOf('filter-account');
    var terms = valueOf('filter-search').toLowerCase().split(/\\s+/).filter(Boolean);
    var matching = 0;
    sections.forEach(function (section) {
      section.shown = section.all.filter(function (entry) {
        var f = entry.f;
        return statuses[data.statuses[f.s].id] === true && severities[data.severities[f.v]] === true &&
          (!account || S[f.a] === account) &&
          terms.every(function (term) { return entry.text.indexOf(term) !== -1; });
      });
      var excluded = (check !== '' && section.k !== check) ||
        (severities[section.severity] !== true && section.shown.length === 0);
      if (excluded) section.shown = [];
      section.element.hidden = excluded;
      matching += section.shown.length;
      sortShown(section);
      render(section, PAGE);
      if (section.count) section.count.textContent = section.all.length > 0 ? 'showing ' + section.shown.length + ' of ' + section.all.length : '';
    });
    shownText.textContent = 'Showing ' + matching + ' of ' + findings.length + ' findings';
  }
  function sortBy(button) {
    var th = button.closest('th');
    var section = sectionOf[(button.closest('section.check') || doc.body).getAttribute('data-check')];
    if (!th || !section || !section.table) return;
    var column = Number(button.getAttribute('data-column'));
    var direction = section.sort.column === column && section.sort.direction === 1 ? -1 : 1;
    section.sort = { column: column, direction: direction };
    Array.prototype.forEach.call(section.table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    var words = direction === 1 ? 'ascending' : 'descending';
    th.setAttribute('aria-sort', words);
    if (column === 0 && direction === 1) section.shown.sort(function (a, b) { return a.index - b.index; });
    else sortShown(section);
    render(section, Math.max(section.rendered, PAGE));
    say('Sorted by ' + button.textContent.trim() + ', ' + words);
  }
  function showMore(button, all) {
    var section = sectionOf[(button.closest('section.check') || doc.body).getAttribute('data-check')];
    if (!section) return;
    var from = section.rendered;
    renderRows(section, from, all ? section.shown.length : Math.min(section.shown.length, from + PAGE));
    updateMore(section);
    var first = section.shown[from];
    if (first && first.toggle) first.toggle.focus();
    say('Listing ' + section.rendered + ' of ' + section.shown.length);
  }

  // Copying
  function feedback(button, message) {
    var label = button.querySelector('.label') || button;
    if (!button.hasAttribute('data-label')) button.setAttribute('data-label', label.textContent);
    label.textContent = message;
    say(message);
    clearTimeout(button.copyTimer);
    button.copyTimer = setTimeout(function () { label.textContent = button.getAttribute('data-label'); }, 2500);
  }
  function selectAndCopy(node) {
    var selection = window.getSelection();
    if (!selection) return false;
    var range = doc.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return doc.execCommand('copy') === true;
    } catch (error) {
      return false;
    }
  }
  function copy(button) {
    var source = byId(button.getAttribute('data-copy') || '');
    if (!source) return;
    var done = false;
    var fallback = function () {
      if (done) return;
      done = true;
      feedback(button, selectAndCopy(source) ? 'Copied' : 'Selected: press Ctrl+C');
    };
    var clipboard = navigator.clipboard;
    if (!clipboard || typeof clipboard.writeText !== 'function') return fallback();
    var guard = setTimeout(fallback, 1500);
    var attempt;
    try {
      attempt = Promise.resolve(clipboard.writeText(source.textContent));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    attempt.then(function () {
      clearTimeout(guard);
      if (done) return;
      done = true;
      feedback(button, 'Copied');
    }, function () {
      clearTimeout(guard);
      fallback();
    });
  }

  doc.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var button = target && target.closest('button');
    if (!button) return;
    var list = button.classList;
    if (list.contains('sort')) sortBy(button);
    else if (list.contains('toggle')) {
      var entry = findings[Number((button.getAttribute('aria-controls') || '').replace('finding-', ''))];
      if (entry) setExpanded(entry, button.getAttribute('aria-expanded') !== 'true');
    } else if (list.contains('copy')) copy(button);
    else if (list.contains('show-more')) showMore(button, false);
    else if (list.contains('show-all')) showMore(button, true);
    else if (button.id === 'expand-all' || button.id === 'collapse-all') {
      var expand = button.id === 'expand-all';
      sections.forEach(function (section) {
        for (var i = 0; i < section.rendered; i++) setExpanded(section.shown[i], expand);
      });
    }
  });

  var timer = 0;
  controls.addEventListener('change', apply);
  controls.addEventListener('input', function (event) {
    if (event.target && event.target.id === 'filter-search') {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    }
  });
  controls.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  controls.addEventListener('reset', function () { setTimeout(apply, 0); });

  // Print what is listed, expanded: every listed finding's detail, every closed <details> opened.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    sections.forEach(function (section) {
      for (var i = 0; i < section.rendered; i++) if (!section.shown[i].built) buildDetail(section.shown[i]);
    });
    opened = Array.prototype.filter.call(doc.querySelectorAll('details:not([open])'), function (element) {
      element.open = true;
      return true;
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (element) { element.open = false; });
    opened = [];
  });

  apply();
})();
`;
