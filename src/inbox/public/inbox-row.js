// What a list row shows: time, platform, sender (phone numbers masked), priority badge and
// urgency score, state, preview, category, analyzer and routing outcome.
(function () {
  'use strict';

  const F = window.InboxFormat;
  const Inbox = window.Inbox;
  const el = Inbox.el;

  function routingText(routing) {
    if (!routing) {
      return 'not routed';
    }
    return routing.agent + (routing.is_fallback ? ' (fallback)' : '') + ': ' + routing.outcome;
  }

  function labelled(label, className, value) {
    return el('span', { className: 'cell ' + className }, [
      el('span', { className: 'sr-only', text: label + ': ' }),
      value,
    ]);
  }

  function rowContent(row, now) {
    const sender = F.senderLabel(row.sender);
    const analysis = row.analysis;
    const priority = analysis ? analysis.priority_level : 'none';
    return [
      el('span', { className: 'cell cell-time' }, [
        el('time', {
          datetime: row.received_at,
          title: F.longTime(row.received_at),
          text: F.shortTime(row.received_at, now),
        }),
      ]),
      el('span', {
        className: 'cell cell-platform platform platform-' + row.platform,
        text: F.platformLabel(row.platform),
      }),
      el('span', { className: 'cell cell-sender' }, [
        el('span', { className: 'sender-name', text: sender.primary }),
        sender.secondary && el('span', { className: 'sender-ref', text: sender.secondary }),
      ]),
      labelled(
        'Priority',
        'cell-priority',
        el('span', {
          className: 'badge priority-' + priority,
          text: analysis ? analysis.priority_level : 'not analysed',
        }),
      ),
      labelled('Urgency', 'cell-score', analysis ? analysis.urgency_score + '/10' : '–'),
      labelled(
        'State',
        'cell-state',
        el('span', { className: 'state state-' + row.status, text: row.status }),
      ),
      el('span', { className: 'cell cell-preview', text: row.preview || '(no text)' }),
      el('span', { className: 'cell cell-meta' }, [
        labelled('Category', 'meta-category', analysis ? analysis.category : '–'),
        labelled('Analyzer', 'meta-analyzer', analysis ? analysis.analyzer : '–'),
        labelled(
          'Routing',
          'meta-routing routing-' + (row.routing ? row.routing.outcome : 'none'),
          routingText(row.routing),
        ),
      ]),
    ];
  }

  Inbox.rowContent = rowContent;
})();
