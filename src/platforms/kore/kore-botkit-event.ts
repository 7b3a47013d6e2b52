// The events Kore.ai's BotKit channel posts (BotKit `lib/sdk/EventMappings.json`).
export enum KoreBotkitEvent {
  OnUserMessage = 'on_user_message',
  OnBotMessage = 'on_bot_message',
  OnAgentTransfer = 'on_agent_transfer',
  OnEvent = 'on_event',
  OnAlert = 'on_alert',
  OnVariableUpdate = 'on_variable_update',
  OnWebhook = 'on_webhook',
}

const EVENT_NAMES = new Set<string>(Object.values(KoreBotkitEvent));

export function isKoreBotkitEvent(name: unknown): name is KoreBotkitEvent {
  return typeof name === 'string' && EVENT_NAMES.has(name);
}
