import type { Citation } from '../../../src/domain/conversation.js';
import type { WidgetKey } from './strings.js';

/** What the message list shows: the customer's lines, the bot's, an agent's, and notices. */
export type ChatItem =
  | { kind: 'user'; id: string; text: string; relayed?: boolean; failed?: string }
  | { kind: 'bot'; id: string; text: string; streaming: boolean; citations: Citation[] }
  | { kind: 'agent'; id: string; text: string }
  | { kind: 'notice'; id: string; key?: WidgetKey; text?: string };

export type { Citation };

/** Set on a failed user line when the service refused it as CONVERSATION_BUSY (409). */
export const BUSY = 'CONVERSATION_BUSY';

let localIds = 0;
/** Ids for lines the service has not numbered (yet). */
export const localId = () => `local-${++localIds}`;
