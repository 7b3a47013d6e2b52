// The message list: filters (kept in the address), pages, a refresh that updates rows in place,
// and keyboard navigation (arrow keys, Home, End; Enter opens a message).
(function () {
  'use strict';

  const F = window.InboxFormat;
  const Inbox = window.Inbox;
  const el = Inbox.el;
  const PAGE_SIZE = 50;
  const MAX_REFRESHED = 500;

  const list = (Inbox.list = {
    rows: [],
    elements: new Map(),
    hasMore: false,
    focusId: null,
    generation: 0,
    refreshes: 0,
  });

  function fetchPage(limit, beforeId) {
    const query = F.listQuery(Inbox.filters.read(), new Date());
    query.set('limit', String(limit));
    if (beforeId) {
      query.set('before_id', String(beforeId));
    }
    return Inbox.request('GET', '/admin/messages?' + query.toString());
  }

  // Newest received first, then the higher id: the API's order.
  function isBefore(a, b) {
    return a.received_at === b.received_at ? a.id > b.id : a.received_at > b.received_at;
  }

  function fillRow(item, row, now) {
    const button = item.firstChild;
    button.replaceChildren(...Inbox.rowContent(row, now));
    item.dataset.status = row.status;
    item.dataset.priority = row.analysis ? row.analysis.priority_level : '';
    delete item.dataset.stale;
    button.removeAttribute('title');
  }

  function markStale(item) {
    item.dataset.stale = 'true';
    item.firstChild.title = 'No longer matches the filters';
  }

  // The open message, as `GET /messages/:id` just answered it, updates its row too.
  list.patch = function (message) {
    const index = list.rows.findIndex((row) => row.id === message.id);
    if (index === -1) {
      return;
    }
    const row = list.rows[index];
    const item = list.elements.get(row.id);
    const isStale = Boolean(item.dataset.stale);
    const analysis = message.analysis && Object.assign({}, row.analysis, message.analysis);
    list.rows[index] = Object.assign({}, row, {
      status: message.status,
      attempts: message.attempts,
      last_error: message.last_error,
      analysis: analysis,
    });
    fillRow(item, list.rows[index], new Date());
    if (isStale) {
      markStale(item);
    }
  };

  function rowElement(row, now) {
    const button = el('button', { type: 'button', className: 'row', tabindex: '-1' });
    button.addEventListener('click', () => {
      setFocusRow(row.id, false);
      Inbox.detail.open(row.id);
    });
    const item = el('li', { 'data-id': row.id }, [button]);
    fillRow(item, row, now);
    return item;
  }

  function setFocusRow(id, isMovingFocus) {
    list.focusId = id;
    for (const [rowId, item] of list.elements) {
      item.firstChild.tabIndex = rowId === id ? 0 : -1;
    }
    const item = list.elements.get(id);
    if (item && isMovingFocus) {
      item.firstChild.focus();
    }
  }

  list.markSelected = function (id) {
    for (const [rowId, item] of list.elements) {
      item.classList.toggle('is-selected', rowId === id);
      item.firstChild.setAttribute('aria-current', rowId === id ? 'true' : 'false');
    }
  };

  function append(rows) {
    const now = new Date();
    const listElement = Inbox.byId('message-list');
    for (const row of rows) {
      const item = rowElement(row, now);
      list.rows.push(row);
      list.elements.set(row.id, item);
      listElement.append(item);
    }
    if (!list.elements.has(list.focusId) && list.rows.length > 0) {
      list.focusId = list.rows[0].id;
    }
    setFocusRow(list.focusId, false);
    list.markSelected(Inbox.detail.messageId);
  }

  function showCounts(answer) {
    Inbox.byId('open-critical-count').textContent = String(answer.open_urgent.critical);
    Inbox.byId('open-high-count').textContent = String(answer.open_urgent.high);
  }

  function showSummary() {
    const count = list.rows.length;
    Inbox.byId('list-summary').textContent =
      count === 0
        ? 'No messages match these filters.'
        : count + (count === 1 ? ' message' : ' messages') + (list.hasMore ? ', more below' : '');
    Inbox.byId('load-more').hidden = !list.hasMore;
  }

  function showPending(count) {
    const button = Inbox.byId('new-messages');
    button.textContent =
      count === 1
        ? '1 new or changed message: show it'
        : count + ' new or changed messages: show them';
    // Visibility, not display: the bar keeps its size, so nothing below it moves.
    button.classList.toggle('is-hidden', count === 0);
    button.disabled = count === 0;
  }

  // Counted, so a test knows when the rows it asked for are in.
  function countLoad() {
    const listElement = Inbox.byId('message-list');
    listElement.dataset.loads = String(Number(listElement.dataset.loads || 0) + 1);
  }

  // A fresh first page for the current filters.
  list.load = async function () {
    const generation = ++list.generation;
    const listElement = Inbox.byId('message-list');
    listElement.setAttribute('aria-busy', 'true');
    try {
      const answer = await fetchPage(PAGE_SIZE, null);
      if (generation !== list.generation) {
        return;
      }
      list.rows = [];
      list.elements = new Map();
      listElement.replaceChildren();
      list.hasMore = answer.next_before_id !== null;
      append(answer.messages);
      showCounts(answer);
      showSummary();
      showPending(0);
      Inbox.showError(null);
      countLoad();
    } catch (error) {
      Inbox.showError(error);
    } finally {
      listElement.setAttribute('aria-busy', 'false');
    }
  };

  list.loadMore = async function () {
    const last = list.rows[list.rows.length - 1];
    const generation = list.generation;
    try {
      const answer = await fetchPage(PAGE_SIZE, last ? last.id : null);
      if (generation === list.generation) {
        list.hasMore = answer.next_before_id !== null;
        append(answer.messages.filter((row) => !list.elements.has(row.id)));
        showSummary();
        countLoad();
      }
    } catch (error) {
      Inbox.showError(error);
    }
  };

  // Every 15 s: rows update where they are; rows that newly match are only counted (showing them
  // would push the list down), rows that no longer match are dimmed until the next full load.
  list.refresh = async function () {
    const generation = list.generation;
    const limit = Math.min(MAX_REFRESHED, Math.max(PAGE_SIZE, list.rows.length));
    const answer = await fetchPage(limit, null);
    if (generation !== list.generation) {
      return;
    }
    const now = new Date();
    const fresh = new Map(answer.messages.map((row) => [row.id, row]));
    const oldest = answer.messages[answer.messages.length - 1];
    const isCovered = (row) => answer.messages.length < limit || !isBefore(oldest, row);
    // The open message is read again when its state moved (in or out of the filters).
    let isSelectedChanged = false;
    list.rows = list.rows.map((row) => {
      const update = fresh.get(row.id);
      const item = list.elements.get(row.id);
      const isSelected = row.id === Inbox.detail.messageId;
      if (update) {
        fillRow(item, update, now);
        isSelectedChanged ||= isSelected && row.status !== update.status;
        return update;
      }
      if (isCovered(row)) {
        markStale(item);
        isSelectedChanged ||= isSelected;
      }
      return row;
    });
    setFocusRow(list.focusId, false);
    list.markSelected(Inbox.detail.messageId);
    showPending(answer.messages.filter((row) => !list.elements.has(row.id)).length);
    showCounts(answer);
    list.refreshes += 1;
    Inbox.byId('message-list').dataset.refreshes = String(list.refreshes);
    if (isSelectedChanged) {
      await Inbox.detail.reload();
    }
  };

  function onKeyDown(event) {
    const ids = list.rows.map((row) => row.id);
    const index = ids.indexOf(list.focusId);
    const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: ids.length - 1 };
    if (!(event.key in moves) || index === -1 || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    const next = Math.max(0, Math.min(ids.length - 1, moves[event.key]));
    setFocusRow(ids[next], true);
  }

  list.wire = function () {
    Inbox.byId('message-list').addEventListener('keydown', onKeyDown);
    Inbox.byId('load-more').addEventListener('click', list.loadMore);
    Inbox.byId('new-messages').addEventListener('click', list.load);
  };
})();
