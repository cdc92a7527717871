export type { ChatChunk, ChatMessage, ChatModelProvider, ChatRequest, ModelInfo } from './ChatModel';
export {
  createLocalModel,
  LOCAL_MODEL_ID,
  LOCAL_MODEL_LABEL,
  LOCAL_PROVIDER_ID,
  type LocalModelOptions,
  localModelReply,
} from './localModel';
