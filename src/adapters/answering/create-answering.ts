import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../../config/config.js';
import type { Answerer, QueryRewriter, Summarizer } from '../../ports/answerer.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { LangChainAnswerer } from './langchain-answerer.js';
import { LangChainQueryRewriter, LangChainSummarizer } from './langchain-query-rewriter.js';
import { LocalAnswerer } from './local-answerer.js';
import { LangChainJudge } from './langchain-judge.js';
import { LocalQueryRewriter } from './local-query-rewriter.js';
import { LocalSummarizer } from './local-summarizer.js';
import { modelInputFilter } from './model-input-filter.js';
import { ModelThreadAnswerer } from './model-thread.js';

/** A LangChain chat model for a provider and model name, with the configured limits and retries. */
export function createChatModel(config: Config, provider = config.chat.answerer, model = config.chat.model): BaseChatModel {
  const { temperature, maxTokens } = config.chat;
  const answerer = provider;
  if (answerer === 'openai')
    return new ChatOpenAI({
      model: model!,
      temperature,
      maxTokens,
      // Keys come from config only, never silently from the environment.
      apiKey: config.openai.apiKey ?? 'not-needed',
      timeout: config.embedding.timeoutMs,
      maxRetries: config.embedding.maxRetries,
      streamUsage: true,
      configuration: config.openai.baseUrl ? { baseURL: config.openai.baseUrl } : undefined,
    });
  return new ChatOllama({ model: model!, baseUrl: config.ollama.baseUrl, temperature, numPredict: maxTokens, maxRetries: config.embedding.maxRetries });
}

/** A model that answers with labels (sentiment, intent): no sampling, and a short reply. */
export function createLabelModel(config: Config, provider: 'openai' | 'ollama', model: string): BaseChatModel {
  return createChatModel({ ...config, chat: { ...config.chat, temperature: 0, maxTokens: 60 } }, provider, model);
}

/** The eval runner's `answer_judge` model, when EVAL_JUDGE_MODEL is set. */
export function createJudge(config: Config, prompts: PromptLibrary): LangChainJudge | undefined {
  const { provider, model } = config.evalJudge;
  if (!model) return undefined;
  const filter = modelInputFilter(config.privacy.maskModelInput);
  return new LangChainJudge(createChatModel({ ...config, chat: { ...config.chat, temperature: 0 } }, provider, model), `${provider}:${model}`, provider, prompts, filter);
}

/** The answerer's (and rewriter's) id for this configuration: `openai:gpt-4o-mini`. */
const answererId = (config: Config) => `${config.chat.answerer}:${config.chat.model}`;

/** The chat-model answerer of this configuration, on the main thread or on the model thread. */
export function createLangChainAnswerer(config: Config, prompts: PromptLibrary, model = createChatModel(config)): LangChainAnswerer {
  return new LangChainAnswerer(model, answererId(config), config.chat.answerer, prompts, modelInputFilter(config.privacy.maskModelInput));
}

export interface Answering {
  answerer: Answerer;
  rewriter: QueryRewriter;
  summarizer: Summarizer;
  /** Stops what the answerer runs beside the service (the model thread). */
  close(): Promise<void>;
}

/** The answerer, follow-up rewriter and summariser for the configured provider. */
export function createAnswering(config: Config, prompts: PromptLibrary): Answering {
  const nothing = async () => undefined;
  if (config.chat.answerer === 'local')
    return { answerer: new LocalAnswerer(prompts), rewriter: new LocalQueryRewriter(), summarizer: new LocalSummarizer(prompts), close: nothing };
  const provider = config.chat.answerer;
  const model = createChatModel(config);
  const id = answererId(config);
  const filter = modelInputFilter(config.privacy.maskModelInput);
  // Rewrites and summaries are one short unstreamed reply each: they stay on the main thread.
  const answerer = config.chat.modelThread ? new ModelThreadAnswerer(config, id) : createLangChainAnswerer(config, prompts, model);
  return {
    answerer,
    close: answerer instanceof ModelThreadAnswerer ? () => answerer.close() : nothing,
    rewriter: new LangChainQueryRewriter(model, id, provider, prompts, filter),
    summarizer: new LangChainSummarizer(model, provider, prompts, filter),
  };
}
