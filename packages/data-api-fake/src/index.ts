export * from './fake-data-api';
export type { FieldStyle } from './rpc-error';
export type {
  CatalogKind,
  FakeAccount,
  FakeCabinetSession,
  FakeCampaign,
  FakeEmployee,
  FakeSession,
  FakeSite,
  FakeSource,
  FakeTag,
} from './cabinet-store';
