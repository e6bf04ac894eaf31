import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentStatus } from '../../../src/domain/agents.js';
import type { HandoffEvent } from '../../../src/domain/handoff-events.js';
import { api, LiveStream } from '../shared/api-client.js';
import type { AgentView, ConversationView, HandoffView, MessageView, QueueItemView } from './wire-types.js';

// The queue changes when other agents take conversations; no event reaches this agent for that.
const QUEUE_POLL_MS = 5000;

/**
 * One agent's desk: their status, their conversations, the queue, the selected conversation
 * with its handoff packet, and the actions. Live updates come from the agent's event stream.
 */
export function useDesk(agentId: string) {
  const [agent, setAgent] = useState<AgentView | null>(null);
  const [mine, setMine] = useState<HandoffView[]>([]);
  const [queue, setQueue] = useState<QueueItemView[]>([]);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [conversation, setConversation] = useState<ConversationView | null>(null);
  const [handoff, setHandoff] = useState<HandoffView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  const base = `/v1/agents/${agentId}`;

  const guard = (p: Promise<unknown>) => p.catch((err: Error) => setError(err.message));
  const loadMine = () => api<{ handoffs: HandoffView[] }>('GET', `${base}/conversations`).then((r) => setMine(r.handoffs));
  const loadQueue = () => api<{ items: QueueItemView[] }>('GET', '/v1/handoffs/queue').then((r) => setQueue(r.items));
  const loadAgent = () => api<AgentView>('GET', base).then(setAgent);
  const refresh = () => guard(Promise.all([loadMine(), loadQueue(), loadAgent()]));
  const loadConversation = async (id: string) => {
    const [c, h] = await Promise.all([
      api<ConversationView>('GET', `/v1/conversations/${id}`),
      api<HandoffView>('GET', `/v1/conversations/${id}/handoff`).catch(() => null),
    ]);
    // Another conversation may have been picked while these were loading.
    if (selectedRef.current === id) {
      setConversation(c);
      setHandoff(h);
    }
  };

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => loadQueue().catch(() => {}), QUEUE_POLL_MS);
    const source = new LiveStream(`${base}/stream`);
    const changed = () => {
      void refresh();
      if (selectedRef.current) loadConversation(selectedRef.current).catch(() => {});
    };
    source.addEventListener('assignment', changed);
    source.addEventListener('unassigned', changed);
    source.addEventListener('customer_message', (e) => {
      const { conversationId, message } = JSON.parse(e.data) as Extract<HandoffEvent, { type: 'customer_message' }>;
      if (conversationId === selectedRef.current) {
        setConversation((c) =>
          c && !c.messages.some((m) => m.id === message.id)
            ? { ...c, messages: [...c.messages, { ...message, role: 'user', createdAt: new Date().toISOString() } as MessageView] }
            : c,
        );
      } else {
        setUnread((u) => ({ ...u, [conversationId]: (u[conversationId] ?? 0) + 1 }));
      }
    });
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [agentId]);

  const select = (id: string | null) => {
    selectedRef.current = id;
    setSelected(id);
    setConversation(null);
    setHandoff(null);
    if (id) {
      setUnread((u) => ({ ...u, [id]: 0 }));
      void guard(loadConversation(id));
    }
  };
  const current = () => selectedRef.current!;

  return {
    agent, mine, queue, unread, selected, conversation, handoff, error,
    clearError: () => setError(null),
    select,
    setStatus: (status: AgentStatus) => guard(api('PUT', `${base}/status`, { status }).then(refresh)),
    claim: (conversationId: string) =>
      guard(api('POST', `${base}/claim`, { conversationId }).then(async () => {
        await refresh();
        // Accepting the offer being read reloads it in place: select() would blank the view and
        // remount the reply box, losing what the agent had started typing (and its focus).
        if (selectedRef.current === conversationId) await loadConversation(conversationId);
        else select(conversationId);
      })),
    reply: (content: string) =>
      guard(api<MessageView>('POST', `${base}/conversations/${current()}/messages`, { content }).then((m) =>
        setConversation((c) => (c && !c.messages.some((x) => x.id === m.id) ? { ...c, messages: [...c.messages, m] } : c)),
      )),
    transfer: (to: { toAgentId: string } | { skill: string }) =>
      guard(api('POST', `${base}/conversations/${current()}/transfer`, to).then(async () => {
        select(null);
        await refresh();
      })),
    resolve: (toBot: boolean) =>
      guard(api('POST', `${base}/conversations/${current()}/resolve`, { toBot }).then(async () => {
        await refresh();
        if (selectedRef.current) await loadConversation(selectedRef.current);
      })),
  };
}

export type Desk = ReturnType<typeof useDesk>;
