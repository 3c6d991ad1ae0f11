//! OAuth against a mock HubSpot (wiremock): the refresher (`oauth/refresh.rs`: renewing before
//! expiry and after an expired-token answer, one refresh for many requests, no loop after a
//! refusal) and accounts (`oauth/accounts.rs`: many accounts on one client, token stores, a
//! user's own token source, the install flow's requests, secrets).

#[path = "oauth/accounts.rs"]
mod accounts;
#[path = "oauth/refresh.rs"]
mod refresh;
#[path = "oauth/support.rs"]
mod support;
