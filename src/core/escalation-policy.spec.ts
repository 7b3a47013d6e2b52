import { PriorityLevel } from 'src/core/message-analysis';
import { type Escalation, escalationOf } from 'src/core/escalation-policy';
import { Handling } from 'src/core/inbound-message';

// The table spells the enums' stored values, as TRIAGE.md and the platforms' answers do.
type Case = [
  priority: `${PriorityLevel}` | null,
  handling: `${Handling}`,
  isHandoverRouted: boolean | null,
  hasReply: boolean,
  expected: Escalation,
];

const none: Escalation = { isForAgent: false, notifyUser: false, handToHuman: false };
const agent: Escalation = { isForAgent: true, notifyUser: false, handToHuman: false };
const notice: Escalation = { isForAgent: true, notifyUser: true, handToHuman: false };
const human: Escalation = { isForAgent: true, notifyUser: true, handToHuman: true };
const humanReplied: Escalation = { isForAgent: true, notifyUser: false, handToHuman: true };

describe('escalationOf', () => {
  const sut = escalationOf;

  // prettier-ignore
  const cases: Case[] = [
    // Every message goes to an agent; urgent ones without a reply get the notice.
    ['low',      'route', null,  false, agent],
    ['normal',   'route', null,  false, agent],
    ['normal',   'route', false, false, agent],
    ['high',     'route', false, false, notice],
    ['high',     'route', false, true,  agent],
    ['critical', 'route', true,  false, human],
    ['critical', 'route', false, false, human],
    ['critical', 'route', true,  true,  humanReplied],
    // Routing rules may hand more than critical to a human.
    ['high',     'route', true,  false, human],
    ['normal',   'route', true,  false, { isForAgent: true, notifyUser: false, handToHuman: true }],
    // The platform's bot keeps everything short of critical.
    ['low',      'bot_first', null, false, none],
    ['normal',   'bot_first', null, false, none],
    ['high',     'bot_first', null, false, none],
    ['critical', 'bot_first', null, false, human],
    ['critical', 'bot_first', true, true,  humanReplied],
    // The platform's bot asked for a human.
    ['normal',   'human_handover', false, false, { ...agent, handToHuman: true }],
    ['high',     'human_handover', false, false, human],
    ['high',     'human_handover', false, true,  humanReplied],
    // History only: nothing to escalate, whatever its text says.
    ['critical', 'record_only', null, false, none],
    // Not analysed yet (the answer window closed first).
    [null,       'route', null, false, none],
    [null,       'bot_first', null, false, none],
    [null,       'human_handover', null, false, { ...none, handToHuman: true }],
  ];

  it.each(cases)(
    'should escalate %s on %s (routed to a human: %s, replied: %s) as expected',
    (priority, handling, isHandoverRouted, hasReply, expected) => {
      const escalation = sut({
        analysis: priority === null ? null : { priorityLevel: priority as PriorityLevel },
        handling: handling as Handling,
        routing: isHandoverRouted === null ? null : { isHumanHandover: isHandoverRouted },
        hasReply,
      });

      expect(escalation).toEqual(expected);
    },
  );

  it('should read a reply and a routing left out as none', () => {
    const escalation = sut({
      analysis: { priorityLevel: PriorityLevel.High },
      handling: Handling.Route,
    });

    expect(escalation).toEqual(notice);
  });
});
