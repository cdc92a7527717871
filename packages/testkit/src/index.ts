export { createTestDatabase, type TestDatabase } from './createTestDatabase';
export { createTestUsers, type TestUser, type TestUsers } from './createTestUsers';
export { LOOPBACK_ALLOWED, type Stack, type StackOptions, startStack } from './startStack';
