export { main } from './main';
export { type EmbeddedHandle, startEmbedded } from './startEmbedded';
