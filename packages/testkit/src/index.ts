export { createTestDatabase, type TestDatabase } from './createTestDatabase';
export { createTestUsers, type TestUser, type TestUsers } from './createTestUsers';
export { type OidcAccount, type OidcProviderHost, startOidcProvider } from './startOidcProvider';
export { type RedisServerHandle, startRedisServer } from './startRedisServer';
export { type SsoStackOptions, startSsoStack } from './startSsoStack';
export { LOOPBACK_ALLOWED, type Stack, type StackOptions, startStack } from './startStack';
