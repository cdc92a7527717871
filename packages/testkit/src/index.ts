export { createTestDatabase, type TestDatabase } from './createTestDatabase';
export { type Stack, type StackOptions, startStack } from './startStack';
