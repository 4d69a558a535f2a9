/**
 * The page's only script, inline (the page makes no request): it reads the
 * embedded data, and draws the part of the users by environments matrix
 * that is in view (rows and columns are windowed, so 2,000 by 500 draws as
 * fast as 20 by 10). Server-chosen text goes in with textContent only.
 * Plain ES2017, no template literals (this file is itself one).
 */
export const MATRIX_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('audit-data').textContent);
  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var ROW_HEIGHT = 26, COLUMN_WIDTH = 120, USER_WIDTH = 200, OVERSCAN = 4;
  var digit = {};
  for (var d = 0; d < ALPHABET.length; d++) digit[ALPHABET.charAt(d)] = d;
  var scroller = document.getElementById('matrix');
  var table = document.getElementById('matrix-table');
  var userFilter = document.getElementById('filter-users');
  var environmentFilter = document.getElementById('filter-environments');
  // Only a fleet's page has targets, and a filter for them.
  var targetFilter = document.getElementById('filter-targets');
  var shown = { users: [], environments: [] };

  var ADMIN = -2, NONE = -1;
  function kindAt(userIndex, environmentIndex) {
    if (data.users[userIndex][1] === 1) return ADMIN;
    var row = data.rows[userIndex], n = 0;
    for (var i = 0; i < data.width; i++) n = n * ALPHABET.length + digit[row.charAt(environmentIndex * data.width + i)];
    return n - 1;
  }

  function roleClass(role) {
    var known = ['administrator', 'environment-admin', 'operator', 'helpdesk', 'standard', 'read-only', 'access'];
    return known.indexOf(role) >= 0 ? 'r-' + role : 'r-other';
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function columnLabel(environmentIndex) {
    var name = data.environments[environmentIndex];
    return data.targets ? data.targets[data.columnTargets[environmentIndex]] + ' / ' + name : name;
  }

  function applyFilters() {
    var u = userFilter.value.trim().toLowerCase(), e = environmentFilter.value.trim().toLowerCase();
    var t = targetFilter ? targetFilter.value.trim().toLowerCase() : '';
    shown.users = [];
    for (var i = 0; i < data.users.length; i++) {
      var user = data.users[i];
      if (!u || user[0].toLowerCase().indexOf(u) >= 0 || user[2].toLowerCase().indexOf(u) >= 0) shown.users.push(i);
    }
    shown.environments = [];
    for (var j = 0; j < data.environments.length; j++) {
      var inTarget = !t || data.targets[data.columnTargets[j]].toLowerCase().indexOf(t) >= 0;
      if (inTarget && (!e || data.environments[j].toLowerCase().indexOf(e) >= 0)) shown.environments.push(j);
    }
    document.getElementById('shown').textContent = 'Showing ' + shown.users.length + ' of ' + data.users.length + ' users and ' +
      shown.environments.length + ' of ' + data.environments.length + ' environments.';
    table.style.width = (USER_WIDTH + shown.environments.length * COLUMN_WIDTH) + 'px';
    draw();
  }

  function spacer(tag, width) {
    var cell = element(tag, undefined, 'spacer');
    cell.style.width = width + 'px';
    cell.style.minWidth = width + 'px';
    return cell;
  }

  function draw() {
    var firstColumn = Math.max(0, Math.floor((scroller.scrollLeft) / COLUMN_WIDTH) - 1);
    // The scroller's height follows its content (up to the window's), so the window is the measure of what can be in view.
    var columns = Math.ceil(Math.max(scroller.clientWidth, window.innerWidth) / COLUMN_WIDTH) + 2;
    var lastColumn = Math.min(shown.environments.length, firstColumn + columns);
    var firstRow = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    var lastRow = Math.min(shown.users.length, firstRow + Math.ceil(Math.max(scroller.clientHeight, window.innerHeight) / ROW_HEIGHT) + 2 * OVERSCAN);
    var head = element('tr');
    head.appendChild(element('th', 'User \\ Environment', 'corner'));
    head.appendChild(spacer('th', firstColumn * COLUMN_WIDTH));
    for (var c = firstColumn; c < lastColumn; c++) {
      var name = columnLabel(shown.environments[c]);
      var th = element('th', name, 'environment');
      th.title = name;
      head.appendChild(th);
    }
    head.appendChild(spacer('th', (shown.environments.length - lastColumn) * COLUMN_WIDTH));
    var thead = element('thead'), tbody = element('tbody');
    thead.appendChild(head);
    var above = element('tr', undefined, 'spacer-row');
    above.style.height = (firstRow * ROW_HEIGHT) + 'px';
    tbody.appendChild(above);
    for (var r = firstRow; r < lastRow; r++) tbody.appendChild(drawRow(shown.users[r], firstColumn, lastColumn));
    var below = element('tr', undefined, 'spacer-row');
    below.style.height = ((shown.users.length - lastRow) * ROW_HEIGHT) + 'px';
    tbody.appendChild(below);
    table.replaceChildren(thead, tbody);
  }

  function drawRow(userIndex, firstColumn, lastColumn) {
    var user = data.users[userIndex];
    var tr = element('tr');
    var th = element('th', user[0], 'user' + (user[1] === 1 ? ' admin' : ''));
    th.title = user[0] + (user[1] === 1 ? ' (administrator)' : '') + (user[2] ? ': ' + user[2] : '');
    tr.appendChild(th);
    tr.appendChild(spacer('td', firstColumn * COLUMN_WIDTH));
    for (var c = firstColumn; c < lastColumn; c++) {
      var environmentIndex = shown.environments[c];
      var kind = kindAt(userIndex, environmentIndex);
      var td;
      if (kind === ADMIN) {
        td = element('td', 'administrator', 'cell r-administrator');
        td.title = user[0] + ' on ' + columnLabel(environmentIndex) + ': administrator (administrator)';
      } else if (kind !== NONE) {
        var role = data.kinds[kind][0], via = data.kinds[kind][1];
        td = element('td', role, 'cell ' + roleClass(role));
        td.title = user[0] + ' on ' + columnLabel(environmentIndex) + ': ' + role + ' (' + via + ')';
      } else {
        td = element('td', '', 'cell none');
      }
      tr.appendChild(td);
    }
    tr.appendChild(spacer('td', (shown.environments.length - lastColumn) * COLUMN_WIDTH));
    return tr;
  }

  function fillKeys() {
    var body = document.getElementById('keys-body');
    for (var i = 0; i < data.keys.length; i++) {
      var key = data.keys[i], tr = element('tr', undefined, key[4] === 'stale' ? 'stale' : '');
      if (data.targets) tr.appendChild(element('td', key[5]));
      tr.appendChild(element('td', key[0]));
      tr.appendChild(element('td', key[1]));
      tr.appendChild(element('td', key[2]));
      tr.appendChild(element('td', key[3] || 'never'));
      tr.appendChild(element('td', key[4] === '-' ? '' : key[4] || 'no'));
      body.appendChild(tr);
    }
    for (var j = 0; j < data.unreadable.length; j++) {
      var row = element('tr', undefined, 'unreadable');
      row.appendChild(element('td', data.unreadable[j]));
      var why = element('td', "unreadable: Portainer shows an administrator's keys to that administrator alone");
      why.colSpan = data.targets ? 5 : 4;
      row.appendChild(why);
      body.appendChild(row);
    }
  }

  var pending = false;
  scroller.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });
  window.addEventListener('resize', draw);
  userFilter.addEventListener('input', function () { scroller.scrollTop = 0; applyFilters(); });
  environmentFilter.addEventListener('input', function () { scroller.scrollLeft = 0; applyFilters(); });
  if (targetFilter) targetFilter.addEventListener('input', function () { scroller.scrollLeft = 0; applyFilters(); });
  document.getElementById('summary').textContent = data.summary;
  fillKeys();
  applyFilters();
  document.body.setAttribute('data-ready', 'true');
})();`;
