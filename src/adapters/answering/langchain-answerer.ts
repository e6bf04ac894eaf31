import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { estimateTokens } from '../../domain/answer-composition.js';
import { ModelUnavailable } from '../../domain/errors.js';
import { GroundingMarkFilter } from '../../domain/grounding-mark.js';
import { stripFenceTags } from '../../domain/prompt-injection.js';
import { PromptLeakGuard } from '../../domain/prompt-leak-guard.js';
import type { Turn } from '../../domain/conversation.js';
import type { AnswerChunk, AnswerRequest, Answerer, Passage } from '../../ports/answerer.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { unfiltered, type ModelInputFilter } from './model-input-filter.js';

/** Why the model call is stopped once an answer has been read (or left early). */
const ANSWER_ENDED = new Error('answer ended');

/** Passages are fenced and labelled so text inside them reads as data, not instructions. */
export function formatPassages(passages: Passage[]): string {
  if (!passages.length) return '(none)';
  return passages
    .map((p) => {
      const trail = p.headingPath[0] === p.title ? p.headingPath : [p.title, ...p.headingPath];
      const where = p.type === 'faq' ? `FAQ: ${p.question ?? ''}` : trail.filter(Boolean).join(' / ');
      // A passage must not be able to close its own fence or fake another one.
      return `<passage id="${p.index}" source="${stripFenceTags(where).replace(/["<>]/g, "'")}">\n${stripFenceTags(p.content)}\n</passage>`;
    })
    .join('\n');
}

export function formatTurns(turns: Turn[], filter: ModelInputFilter = unfiltered): string {
  if (!turns.length) return '(none)';
  return turns.map((t) => `${t.role === 'user' ? 'Customer' : t.role === 'agent' ? 'Agent' : 'Assistant'}: ${stripFenceTags(filter(t.content))}`).join('\n');
}

export function translateModelError(provider: string, cause: unknown): ModelUnavailable {
  // openai reports `status`, the ollama client `status_code`.
  const status = (cause as { status?: number }).status ?? (cause as { status_code?: number }).status_code;
  return new ModelUnavailable(provider, {
    cause,
    retryable: status === undefined || status === 429 || status >= 500,
    message: `${provider} chat model failed: ${(cause as Error).message}`,
  });
}

/**
 * A LangChain chat model (ChatOpenAI for any OpenAI-compatible server, ChatOllama) writing
 * grounded answers. It streams with `streamEvents()`: `streaming: true` would make ChatOpenAI
 * fetch a tokenizer, which cannot be downloaded here.
 */
export class LangChainAnswerer implements Answerer {
  constructor(
    private readonly model: BaseChatModel,
    readonly id: string,
    private readonly provider: string,
    private readonly prompts: PromptLibrary,
    private readonly filter: ModelInputFilter = unfiltered,
  ) {}

  async *answer(req: AnswerRequest, signal: AbortSignal): AsyncIterable<AnswerChunk> {
    const rules = this.prompts.render('answer-system', req.language);
    const tone = this.prompts.render(`tone-${req.tone}`, req.language);
    const system = { ...rules, text: `${rules.text}\n\n${tone.text}` };
    // Customer text goes into its fence masked (when configured) and unable to close the fence.
    const f = (text: string) => stripFenceTags(this.filter(text));
    const user = this.prompts.render('answer-user', req.language, {
      summary: req.summary ? f(req.summary) : '(none)',
      history: formatTurns(req.history, f),
      passages: formatPassages(req.passages),
      question: req.question === req.query ? f(req.question) : `${f(req.question)}\n(${f(req.query)})`,
    });
    const filter = new GroundingMarkFilter();
    // A model talked into reciting its rules is cut off before the rules reach the customer.
    const guard = new PromptLeakGuard([rules.text]);
    let usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    let text = '';
    // Our own controller: leaving the loop early (an error in our code) must stop the model too,
    // since the event stream reads the response to its end on its own.
    const stop = new AbortController();
    const forward = () => stop.abort(signal.reason);
    if (signal.aborted) forward();
    else signal.addEventListener('abort', forward, { once: true });
    try {
      // `streamEvents` (no version): the provider's own stream as content-block events. Unlike
      // `.stream()` it runs no callback manager, merges no message chunks and re-enters no
      // AsyncLocalStorage per token — most of the per-token CPU of a streamed answer.
      const events = this.model.streamEvents([new SystemMessage(system.text), new HumanMessage(user.text)], { signal: stop.signal });
      for await (const event of events) {
        if (event.event === 'usage' || event.event === 'message-finish') {
          if (event.usage?.total_tokens)
            usage = { promptTokens: event.usage.input_tokens ?? 0, completionTokens: event.usage.output_tokens ?? 0, totalTokens: event.usage.total_tokens };
          continue;
        }
        if (event.event === 'error') throw new Error(event.message);
        if (event.event !== 'content-block-delta' || event.delta.type !== 'text-delta') continue;
        const out = guard.push(filter.push(event.delta.text));
        if (out) {
          text += out;
          yield { type: 'delta', text: out };
        }
        if (guard.leaked) break;
      }
    } catch (err) {
      if (signal.aborted) return;
      throw translateModelError(this.provider, err);
    } finally {
      signal.removeEventListener('abort', forward);
      // A reason of our own: a bare abort() builds a DOMException and its stack for every answer.
      stop.abort(ANSWER_ENDED);
    }
    const rest = guard.push(filter.flush()) + guard.flush();
    if (rest) {
      text += rest;
      yield { type: 'delta', text: rest };
    }
    if (guard.leaked) {
      const notice = this.prompts.render('local-no-answer', req.language);
      const sep = text ? '\n\n' : '';
      yield { type: 'delta', text: sep + notice.text };
      const completion = estimateTokens(text);
      yield { type: 'final', kind: 'no_answer', used: [], usage: { promptTokens: estimateTokens(system.text + user.text), completionTokens: completion, totalTokens: estimateTokens(system.text + user.text) + completion }, grounding: 0, prompt: { id: user.id, version: user.version } };
      return;
    }
    if (!usage.totalTokens) {
      const completion = estimateTokens(text);
      const prompt = estimateTokens(system.text + user.text);
      usage = { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion };
    }
    const used = [...new Set([...text.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1])))].filter((i) => req.passages.some((p) => p.index === i));
    const kind = filter.grounding !== undefined && filter.grounding < 0.2 && used.length === 0 ? 'no_answer' : 'answer';
    yield { type: 'final', kind, used, usage, grounding: filter.grounding, prompt: { id: user.id, version: user.version } };
  }
}
