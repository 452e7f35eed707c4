// What the integration page is showing: one account, its catalog, and one integration (null while a new
// one is being filled in), plus the messengers the last key check found. The panels read it.

export const state = { accountId: null, integration: null, catalog: null, offeredMessengers: null };

/** An API path below the chosen account. */
export const accountPath = (suffix) => '/accounts/' + state.accountId + suffix;

/** An API path below the shown integration (call only while one is shown). */
export const integrationPath = (suffix) => accountPath('/integrations/' + state.integration.id + suffix);
