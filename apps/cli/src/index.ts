export { main } from './main';
export { type EmbeddedHandle, type EmbeddedServerOptions, startEmbedded } from './startEmbedded';
