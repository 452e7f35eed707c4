export * from './carrotquest-shapes';
export * from './channel';
export * from './contact';
export * from './session-capture';
export * from './attribution';
export * from './transcript';
export * from './integration-settings';
export * from './webhook-event';
