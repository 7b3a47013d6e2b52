// The filters: read from the form, kept in the address (with the open message), applied.
(function () {
  'use strict';

  const Inbox = window.Inbox;
  const FILTER_NAMES = ['q', 'priority', 'category', 'state', 'platform', 'range', 'from', 'to'];

  const filters = (Inbox.filters = {});

  function control(name) {
    return Inbox.byId('filter-' + name);
  }

  filters.read = function () {
    const values = {};
    for (const name of FILTER_NAMES) {
      values[name] = control(name).value;
    }
    return values;
  };

  // Filters and the open message live in the address, so a reload or a shared link keeps them.
  filters.restoreFromAddress = function () {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTER_NAMES) {
      if (params.has(name)) {
        control(name).value = params.get(name);
      }
    }
    syncCustomRange();
    const message = Number(params.get('message'));
    return Number.isInteger(message) && message > 0 ? message : null;
  };

  filters.saveToAddress = function () {
    const params = new URLSearchParams();
    const values = filters.read();
    for (const name of FILTER_NAMES) {
      if (values[name]) {
        params.set(name, values[name]);
      }
    }
    if (Inbox.detail && Inbox.detail.messageId) {
      params.set('message', String(Inbox.detail.messageId));
    }
    const query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
  };

  // From and To show only for "Between…", so the filters fit on one line otherwise.
  function syncCustomRange() {
    const isCustom = control('range').value === 'custom';
    control('from').parentElement.hidden = !isCustom;
    control('to').parentElement.hidden = !isCustom;
  }

  filters.apply = function () {
    syncCustomRange();
    filters.saveToAddress();
    return Inbox.list.load();
  };

  filters.wire = function () {
    let typing = null;
    const form = Inbox.byId('filters');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      filters.apply();
    });
    form.addEventListener('change', (event) => {
      if (event.target.id !== 'filter-q') {
        filters.apply();
      }
    });
    control('q').addEventListener('input', () => {
      window.clearTimeout(typing);
      typing = window.setTimeout(filters.apply, 400);
    });
    Inbox.byId('filters-reset').addEventListener('click', () => {
      form.reset();
      filters.apply();
    });
  };
})();
