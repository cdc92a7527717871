export {
  createFakeScript,
  type FakeMatch,
  type FakeScript,
  type FakeStep,
  type FakeStepKind,
  type FakeToolCall,
} from './createFakeScript';
export {
  createWebhookSender,
  type WebhookDeliveryOptions,
  type WebhookSenderOptions,
} from './createWebhookSender';
export type { FakeLlm, FakeLlmOptions } from './FakeLlm';
export {
  buildFakeMcpServer,
  type FakeMcpCall,
  type FakeMcpServer,
  type FakeMcpServerOptions,
  fakeMcpStdioCommand,
  startFakeMcpServer,
} from './mcp';
export {
  countFakeTokens,
  fakeReplyText,
  planFakeReply,
  splitFakeArguments,
  splitFakeTokens,
} from './planFakeReply';
export { seededRandom } from './seededRandom';
export { anthropicErrorBody, startFakeAnthropic } from './startFakeAnthropic';
export {
  type FakeGitHub,
  type FakeGitHubCommit,
  type FakeGitHubIssue,
  type FakeGitHubOptions,
  type FakeGitHubPull,
  type FakeGitHubRepo,
  sampleGitHubRepo,
  startFakeGitHub,
} from './startFakeGitHub';
export type { FakeRequestOutcome, RecordedRequest } from './startFakeHttpServer';
export { type FakeLinkedIn, type FakeLinkedInPost, startFakeLinkedIn } from './startFakeLinkedIn';
export { openAIErrorBody, startFakeOpenAI } from './startFakeOpenAI';
export {
  type LoopbackRequest,
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
} from './startLoopbackServer';
