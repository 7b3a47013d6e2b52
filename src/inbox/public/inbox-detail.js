// One message on the side: its conversation as chat bubbles, the analysis, every routing attempt
// and reply; correcting its triage (PUT /admin/messages/:id/triage) and replaying it.
(function () {
  'use strict';

  const F = window.InboxFormat;
  const Inbox = window.Inbox;
  const el = Inbox.el;
  const byId = Inbox.byId;
  const REPLAYABLE = ['failed', 'waiting', 'dead'];

  const detail = (Inbox.detail = { messageId: null, message: null, generation: 0 });

  function setStatus(id, text, isError) {
    const node = byId(id);
    node.textContent = text || '';
    node.classList.toggle('is-error', Boolean(isError));
  }

  function term(name, value) {
    return [el('dt', { text: name }), el('dd', {}, [value])];
  }

  function badge(kind, value) {
    return el('span', { className: kind + ' ' + kind + '-' + value, text: value });
  }

  function renderHeader(message) {
    const sender = F.senderLabel(message.sender);
    byId('detail-title').textContent = sender.primary;
    byId('detail-meta').replaceChildren(
      el('span', {
        className: 'platform platform-' + message.platform,
        text: F.platformLabel(message.platform),
      }),
      ' ',
      sender.secondary ? sender.secondary + ' · ' : '',
      el('time', { datetime: message.received_at, text: F.longTime(message.received_at) }),
      ' · message #' + message.id + ' · ',
      badge('state', message.status),
      ' · ' + message.attempts + (message.attempts === 1 ? ' attempt' : ' attempts'),
    );
    byId('detail-last-error').textContent = message.last_error
      ? 'Last error: ' + message.last_error
      : '';
    byId('detail-last-error').hidden = !message.last_error;
    byId('replay').hidden = REPLAYABLE.indexOf(message.status) === -1;
  }

  function renderConversation(message) {
    const lines = message.history.map((line) => {
      const isCustomer = F.isCustomerLine(line, message.sender);
      const isCurrent = line.message_id === message.id && line.content === message.text;
      return el(
        'li',
        {
          className:
            'bubble ' +
            (isCustomer ? 'from-customer' : 'from-other') +
            (isCurrent ? ' is-current' : ''),
        },
        [
          el('span', { className: 'bubble-sender', text: F.maskPhoneNumbers(line.sender) }),
          el('span', { className: 'bubble-text', text: line.content }),
          line.sent_at &&
            el('time', {
              className: 'bubble-time',
              datetime: line.sent_at,
              text: F.longTime(line.sent_at),
            }),
        ],
      );
    });
    byId('conversation').replaceChildren(
      ...(lines.length ? lines : [el('li', { className: 'empty', text: 'No lines stored.' })]),
    );
  }

  function renderAnalysis(analysis) {
    const terms = analysis
      ? [
          ...term('Priority', badge('badge', analysis.priority_level)),
          ...term('Urgency score', analysis.urgency_score + ' / 10'),
          ...term('Category', analysis.category),
          ...term('Sentiment', analysis.sentiment),
          ...term('Language', analysis.language),
          ...term('Analyzer', analysis.analyzer),
          ...term('Model version', analysis.model || '–'),
          ...term('Action required', analysis.action_required ? 'yes' : 'no'),
          ...term('Respond within', analysis.recommended_response_time),
          ...term(
            'Keywords',
            analysis.keywords.length
              ? el(
                  'span',
                  { className: 'chips' },
                  analysis.keywords.map((word) => el('span', { className: 'chip', text: word })),
                )
              : '–',
          ),
        ]
      : [];
    byId('analysis').replaceChildren(...terms);
    byId('reasoning').textContent = analysis ? analysis.reasoning : 'Not analysed yet.';
    byId('correct-category').value = analysis ? analysis.category : '';
    byId('correct-priority').value = analysis ? analysis.priority_level : '';
  }

  function renderRouting(attempts) {
    byId('routing-attempts').replaceChildren(
      ...attempts.map((attempt) =>
        el('tr', {}, [
          el('td', { text: attempt.agent + (attempt.is_fallback ? ' (fallback)' : '') }),
          el('td', { text: String(attempt.attempt) }),
          el('td', {}, [badge('outcome', attempt.status)]),
          el('td', { text: attempt.http_status === null ? '–' : String(attempt.http_status) }),
          el('td', { className: 'number', text: attempt.latency_ms + ' ms' }),
          el('td', { text: attempt.error || '–' }),
        ]),
      ),
    );
    byId('routing-empty').hidden = attempts.length > 0;
  }

  function renderOutbound(replies) {
    byId('outbound').replaceChildren(
      ...replies.map((reply) =>
        el('li', { className: 'reply' }, [
          el('span', { className: 'reply-head' }, [
            badge('delivery', reply.status),
            ' ' +
              reply.kind +
              ' · ' +
              reply.attempts +
              (reply.attempts === 1 ? ' attempt' : ' attempts') +
              ' · ',
            el('time', {
              datetime: reply.sent_at || reply.created_at,
              text: F.longTime(reply.sent_at || reply.created_at),
            }),
          ]),
          el('span', { className: 'reply-text', text: reply.text }),
          reply.last_error && el('span', { className: 'reply-error', text: reply.last_error }),
        ]),
      ),
    );
    byId('outbound-empty').hidden = replies.length > 0;
  }

  function render(message) {
    renderHeader(message);
    renderConversation(message);
    renderAnalysis(message.analysis);
    renderRouting(message.routing_attempts);
    renderOutbound(message.outbound);
  }

  detail.open = async function (id, options) {
    if (detail.messageId !== id) {
      setStatus('triage-result', '');
      setStatus('replay-result', '');
    }
    detail.messageId = id;
    Inbox.list.markSelected(id);
    Inbox.filters.saveToAddress();
    byId('detail').hidden = false;
    document.body.classList.add('has-detail');
    await detail.reload();
    if (!options || options.focus !== false) {
      byId('detail-title').focus();
    }
  };

  detail.reload = async function () {
    const id = detail.messageId;
    const generation = ++detail.generation;
    const panel = byId('detail');
    panel.setAttribute('aria-busy', 'true');
    try {
      const message = await Inbox.request('GET', '/messages/' + id);
      if (generation === detail.generation) {
        detail.message = message;
        render(message);
        Inbox.list.patch(message);
        panel.dataset.messageId = String(id);
        panel.dataset.status = message.status;
        panel.dataset.loads = String(Number(panel.dataset.loads || 0) + 1);
        setStatus('detail-error', '');
      }
    } catch (error) {
      setStatus('detail-error', error.message, true);
    } finally {
      panel.setAttribute('aria-busy', 'false');
    }
  };

  detail.close = function () {
    const id = detail.messageId;
    detail.messageId = null;
    byId('detail').hidden = true;
    document.body.classList.remove('has-detail');
    Inbox.list.markSelected(null);
    Inbox.filters.saveToAddress();
    const item = id && Inbox.list.elements.get(id);
    if (item) {
      item.firstChild.focus();
    }
  };

  async function correct(event) {
    event.preventDefault();
    const analysis = detail.message && detail.message.analysis;
    const body = {};
    const category = byId('correct-category').value;
    const priority = byId('correct-priority').value;
    if (category && (!analysis || category !== analysis.category)) {
      body.category = category;
    }
    if (priority && (!analysis || priority !== analysis.priority_level)) {
      body.priority_level = priority;
    }
    if (Object.keys(body).length === 0) {
      setStatus('triage-result', 'Nothing to correct: pick another category or priority.', true);
      return;
    }
    setStatus('triage-result', 'Saving…');
    let label;
    try {
      label = await Inbox.request('PUT', '/admin/messages/' + detail.messageId + '/triage', body);
    } catch (error) {
      setStatus('triage-result', 'Not saved: ' + error.message, true);
      return;
    }
    await detail.reload();
    const now = detail.message.analysis;
    setStatus(
      'triage-result',
      'Saved correction #' +
        label.id +
        ': ' +
        [label.category, label.priority_level].filter(Boolean).join(', ') +
        (now
          ? '. The analysis now reads ' +
            now.category +
            ', ' +
            now.priority_level +
            ', urgency ' +
            now.urgency_score +
            '.'
          : '.'),
    );
    await Promise.all([Inbox.list.refresh().catch(Inbox.showError), Inbox.loadEvaluation()]);
  }

  async function replay() {
    setStatus('replay-result', 'Replaying…');
    let answer;
    try {
      answer = await Inbox.request('POST', '/admin/messages/' + detail.messageId + '/replay', {});
    } catch (error) {
      setStatus('replay-result', 'Not replayed: ' + error.message, true);
      return;
    }
    setStatus(
      'replay-result',
      'Message #' + answer.id + ' is ' + answer.status + ' for a fresh set of attempts.',
    );
    await Promise.all([detail.reload(), Inbox.list.refresh().catch(Inbox.showError)]);
  }

  detail.wire = function () {
    byId('triage-form').addEventListener('submit', correct);
    byId('replay').addEventListener('click', replay);
    byId('detail-close').addEventListener('click', detail.close);
    byId('detail').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        detail.close();
      }
    });
  };
})();
