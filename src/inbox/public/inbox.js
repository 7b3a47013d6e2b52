// The inbox's entry point: sign-in (the admin token stays in this tab's sessionStorage), the
// agreement figure, and the 15-second refresh. Signing out, or any 401, reloads the page empty.
(function () {
  'use strict';

  const F = window.InboxFormat;
  const Inbox = window.Inbox;
  const byId = Inbox.byId;
  const REFRESH_MS = 15000;
  const REASON_KEY = 'chat-triage-gateway.signed-out-reason';

  let timer = null;
  let isLeaving = false;

  Inbox.showError = function (error) {
    const node = byId('inbox-error');
    node.hidden = !error || error.status === 401;
    node.textContent = error ? error.message : '';
  };

  // Nothing stays on the page without a token: it starts again, empty, at the form.
  Inbox.onUnauthorized = function (reason) {
    // Calls still under way when the first 401 came back must not replace its reason.
    if (isLeaving) {
      return;
    }
    isLeaving = true;
    window.clearInterval(timer);
    Inbox.token.clear();
    window.sessionStorage.setItem(REASON_KEY, reason);
    window.location.reload();
  };

  Inbox.loadEvaluation = async function () {
    const node = byId('agreement');
    try {
      const evaluation = await Inbox.request('GET', '/admin/triage/evaluation');
      const agreement = F.agreementOf(evaluation);
      node.dataset.percent = agreement.percent === null ? '' : String(agreement.percent);
      byId('agreement-figure').textContent =
        agreement.percent === null
          ? 'No operator corrections yet'
          : 'The model agrees with operators ' + agreement.percent + '% of the time';
      byId('agreement-detail').textContent =
        agreement.corrections === 0
          ? 'model ' + evaluation.model_version
          : agreement.corrections + ' corrected labels · model ' + evaluation.model_version;
    } catch (error) {
      byId('agreement-figure').textContent = 'Agreement unavailable';
      byId('agreement-detail').textContent = error.status === 401 ? '' : error.message;
    }
  };

  async function refresh() {
    try {
      await Inbox.list.refresh();
      Inbox.showError(null);
    } catch (error) {
      Inbox.showError(error);
    }
  }

  function showSignIn() {
    document.body.dataset.state = 'signed-out';
    byId('sign-in-view').hidden = false;
    const reason = window.sessionStorage.getItem(REASON_KEY);
    window.sessionStorage.removeItem(REASON_KEY);
    const error = byId('sign-in-error');
    error.hidden = !reason;
    error.textContent = reason || '';
    byId('token').focus();
  }

  // The first page is asked for before anything shows: a refused token goes back to the form.
  async function start() {
    byId('sign-in-view').hidden = true;
    const messageId = Inbox.filters.restoreFromAddress();
    await Inbox.list.load();
    if (isLeaving) {
      return;
    }
    document.body.dataset.state = 'signed-in';
    for (const id of ['inbox-view', 'urgent-counts', 'agreement', 'sign-out']) {
      byId(id).hidden = false;
    }
    if (messageId) {
      await Inbox.detail.open(messageId, { focus: false });
    }
    await Inbox.loadEvaluation();
    timer = window.setInterval(refresh, REFRESH_MS);
  }

  function showUrgent(priority) {
    byId('filter-priority').value = priority;
    byId('filter-state').value = 'open';
    return Inbox.filters.apply();
  }

  document.addEventListener('DOMContentLoaded', () => {
    Inbox.filters.wire();
    Inbox.list.wire();
    Inbox.detail.wire();
    byId('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = byId('token').value.trim();
      if (!token) {
        byId('sign-in-error').hidden = false;
        byId('sign-in-error').textContent = 'Enter the admin token.';
        return;
      }
      Inbox.token.set(token);
      byId('token').value = '';
      void start();
    });
    byId('sign-out').addEventListener('click', () => Inbox.onUnauthorized('Signed out.'));
    byId('open-critical').addEventListener('click', () => showUrgent('critical'));
    byId('open-high').addEventListener('click', () => showUrgent('high'));
    if (Inbox.token.get()) {
      void start();
    } else {
      showSignIn();
    }
  });
})();
