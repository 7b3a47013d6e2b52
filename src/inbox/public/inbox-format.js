// The inbox's pure helpers: what a filter asks the API, how a phone number, a time or the
// agreement figure reads. No DOM here, so Node loads this file too (src/inbox/inbox-format.spec.ts).
(function (root, factory) {
  const format = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = format;
  } else {
    root.InboxFormat = format;
  }
})(this, function () {
  'use strict';

  const STATES = ['received', 'analyzed', 'routed', 'replied', 'done', 'failed', 'waiting', 'dead'];
  // The state picker's groups; a single state is asked for as itself.
  const STATE_GROUPS = {
    '': STATES,
    open: STATES.filter((state) => state !== 'done'),
  };
  const RANGE_HOURS = { '1h': 1, '24h': 24, '7d': 168, '30d': 720 };
  const PLATFORM_LABELS = {
    whatsapp: 'WhatsApp',
    izer: 'İzer',
    userlike: 'Userlike',
    kindly: 'Kindly',
    kore: 'Kore.ai',
  };
  // A run of digits with the separators phone numbers are written with, `+` in front or not.
  const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;
  const MIN_PHONE_DIGITS = 7;
  const VISIBLE_DIGITS = 4;
  const MASK = '•';

  // Every phone number in `text` with all but its last four digits hidden; separators stay, so
  // the number keeps its shape. Applied to every sender and conversation name or id the page
  // shows, never to what the customer wrote.
  function maskPhoneNumbers(text) {
    if (typeof text !== 'string') {
      return text;
    }
    return text.replace(PHONE_LIKE, (run) => {
      const digits = run.replace(/\D/g, '').length;
      if (digits < MIN_PHONE_DIGITS) {
        return run;
      }
      let seen = 0;
      return run.replace(/\d/g, (digit) => {
        seen += 1;
        return seen > digits - VISIBLE_DIGITS ? digit : MASK;
      });
    });
  }

  // The sender as a list row shows it: a name, and the number or id it came from.
  function senderLabel(sender) {
    const name = sender.name ? maskPhoneNumbers(sender.name) : null;
    const reference = maskPhoneNumbers(sender.phone || sender.id);
    return name && name !== reference
      ? { primary: name, secondary: reference }
      : { primary: reference, secondary: null };
  }

  // Lines the customer wrote, as opposed to the bot's or an agent's.
  function isCustomerLine(line, sender) {
    return [sender.name, sender.id, sender.phone].indexOf(line.sender) !== -1;
  }

  function platformLabel(platform) {
    return PLATFORM_LABELS[platform] || platform;
  }

  function statesFor(choice) {
    return STATE_GROUPS[choice] || choice.split(',');
  }

  // The query of `GET /admin/messages` for the picked filters (times are computed at `now`).
  function listQuery(filters, now) {
    const query = new URLSearchParams();
    query.set('status', statesFor(filters.state || '').join(','));
    for (const name of ['priority', 'category', 'platform']) {
      if (filters[name]) {
        query.set(name, filters[name]);
      }
    }
    const hours = RANGE_HOURS[filters.range];
    if (hours) {
      query.set('since', new Date(now.getTime() - hours * 3600000).toISOString());
    } else if (filters.range === 'custom') {
      if (filters.from) {
        query.set('since', new Date(filters.from).toISOString());
      }
      if (filters.to) {
        query.set('until', new Date(filters.to).toISOString());
      }
    }
    const text = (filters.q || '').trim();
    if (text) {
      query.set('q', text);
    }
    return query;
  }

  // "The model agrees with operators N% of the time": category and urgency corrections together.
  function agreementOf(evaluation) {
    const corrections = evaluation.category.corrections + evaluation.urgency.corrections;
    if (corrections === 0) {
      return { percent: null, corrections: 0 };
    }
    const agreed = evaluation.category.agreed + evaluation.urgency.agreed;
    return { percent: Math.round((100 * agreed) / corrections), corrections: corrections };
  }

  function pad(value) {
    return String(value).padStart(2, '0');
  }

  const MONTHS = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];

  // "14:05" today, "3 Mar 14:05" before (local time, same width on every refresh).
  function shortTime(iso, now) {
    const date = new Date(iso);
    const time = pad(date.getHours()) + ':' + pad(date.getMinutes());
    return date.toDateString() === now.toDateString()
      ? time
      : date.getDate() + ' ' + MONTHS[date.getMonth()] + ' ' + time;
  }

  function longTime(iso) {
    const date = new Date(iso);
    return (
      date.getFullYear() +
      '-' +
      pad(date.getMonth() + 1) +
      '-' +
      pad(date.getDate()) +
      ' ' +
      pad(date.getHours()) +
      ':' +
      pad(date.getMinutes()) +
      ':' +
      pad(date.getSeconds())
    );
  }

  return {
    STATES,
    maskPhoneNumbers,
    senderLabel,
    isCustomerLine,
    platformLabel,
    listQuery,
    agreementOf,
    shortTime,
    longTime,
  };
});
