import type { Config } from './config/config.js';
import type { Database } from './adapters/db/database.js';
import { PgAgentRepository } from './adapters/db/pg-agent-repository.js';
import { PgHandoffStore } from './adapters/db/pg-handoff-store.js';
import { InProcessEventBus } from './adapters/events/in-process-event-bus.js';
import { PgNotifyEventBus } from './adapters/events/pg-notify-event-bus.js';
import { RedisEventBus } from './adapters/events/redis-event-bus.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { EventBus } from './ports/event-bus.js';
import { createCancelHandoff } from './use-cases/cancel-handoff.js';
import { createClaimConversation } from './use-cases/claim-conversation.js';
import { createDispatchQueue } from './use-cases/dispatch-queue.js';
import { createHandOff } from './use-cases/hand-off.js';
import type { Log } from './use-cases/handoff-settings.js';
import { createManageAgents } from './use-cases/manage-agents.js';
import { createRateConversation } from './use-cases/rate-conversation.js';
import { createReplyAsAgent } from './use-cases/reply-as-agent.js';
import { createRelayCustomerMessage } from './use-cases/relay-customer-message.js';
import { createRequeueUnaccepted } from './use-cases/requeue-unaccepted.js';
import { createResolveConversation } from './use-cases/resolve-conversation.js';
import { createSetAgentStatus } from './use-cases/set-agent-status.js';
import { createTransferConversation } from './use-cases/transfer-conversation.js';

/**
 * The human side of the composition root: adapters for agents, handoffs and the event bus,
 * and the use cases built on them. Kept apart from composition-root.ts so that file only
 * spreads the result in.
 */
/** On the server every instance must see every other's events; PGlite is one process. */
export function createEventBus(config: Config, db: Database): EventBus {
  return config.redis
    ? new RedisEventBus(config.redis.url, config.redis.eventsChannel)
    : db.kind === 'postgres'
      ? new PgNotifyEventBus(db)
      : new InProcessEventBus();
}

/**
 * One tenant's agents, handoffs and their use cases. The bus is shared by all tenants: its topics
 * are conversation and agent ids, and a stream is only opened on an id found in the tenant.
 */
export function createHandoffContext(
  config: Config,
  deps: {
    tenantId: string;
    db: Database;
    conversations: ConversationStore;
    prompts: { render(id: string, language: 'zh' | 'en', vars?: Record<string, string | number>): { text: string; id: string; version: number } };
    clock?: Clock;
    bus?: EventBus;
    log?: Log;
  },
) {
  const { db, conversations } = deps;
  const clock = deps.clock ?? systemClock;
  const bus = deps.bus ?? createEventBus(config, db);
  const settings = config.handoff;
  const log = deps.log;
  const agents = new PgAgentRepository(db, deps.tenantId);
  const handoffs = new PgHandoffStore(db, deps.tenantId);
  const dispatch = createDispatchQueue({ handoffs, bus, clock, settings, log });
  return {
    clock,
    bus,
    agents,
    handoffs,
    dispatchQueue: dispatch,
    handOff: createHandOff({
      conversations,
      handoffs,
      dispatch,
      bus,
      clock,
      settings,
      agentName: async (id) => (await agents.get(id))?.name,
      renderNotice: (outcome, language, vars) => deps.prompts.render(`handoff-${outcome}`, language, vars),
      log,
    }),
    manageAgents: createManageAgents({ agents, dispatch, clock, settings }),
    setAgentStatus: createSetAgentStatus({ agents, handoffs, dispatch, bus, clock, log }),
    claimConversation: createClaimConversation({ handoffs, bus, clock, log }),
    replyAsAgent: createReplyAsAgent({ handoffs, bus, clock, maxMessageChars: config.chat.maxMessageChars, log }),
    transferConversation: createTransferConversation({ handoffs, dispatch, bus, clock, settings, log }),
    resolveConversation: createResolveConversation({ handoffs, dispatch, bus, clock, log }),
    rateConversation: createRateConversation({ handoffs, clock }),
    cancelHandoff: createCancelHandoff({ handoffs, dispatch, bus, clock, log }),
    relayCustomerMessage: createRelayCustomerMessage({ handoffs, bus, clock, maxMessageChars: config.chat.maxMessageChars, log }),
    requeueUnaccepted: createRequeueUnaccepted({ handoffs, agents, dispatch, bus, clock, settings, log }),
  };
}

export type HandoffContext = ReturnType<typeof createHandoffContext>;
