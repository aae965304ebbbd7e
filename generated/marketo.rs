//! Marketo-specific glue over the generated API: the signed `AuthenticationHeader`, the
//! workspace header on syncLead, and a one-call client constructor. Hand-written, because
//! these are facts about Marketo's service, not about its WSDL.

use crate::{
    AuthenticationHeaderInfo, Client, HeaderSource, MktowsContextHeaderInfo, SyncLeadCall,
};
use mktows_runtime::{Credentials, Endpoint, Error};

/// Every request gets a fresh timestamp and signature (asked once per attempt, so retries
/// are re-signed).
impl HeaderSource for Credentials {
    fn authentication_header(&self) -> Option<AuthenticationHeaderInfo> {
        let signed = self.sign_now();
        Some(AuthenticationHeaderInfo {
            mktows_user_id: signed.user_id,
            request_signature: signed.signature,
            request_timestamp: signed.timestamp,
            audit: None,
            mode: None,
        })
    }
}

impl Client {
    /// An async client for `endpoint` that signs every request with `credentials`, with the
    /// runtime's defaults (90 s timeout, no retry). For other settings build the transport
    /// with [`mktows_runtime::ClientBuilder`] and use [`Client::new`].
    pub fn marketo(endpoint: Endpoint, credentials: Credentials) -> Result<Self, Error> {
        Ok(Client::new(
            mktows_runtime::Client::new(endpoint)?,
            credentials,
        ))
    }
}

impl<T> SyncLeadCall<'_, T> {
    /// Targets a workspace (the `MktowsContextHeader`); only syncLead takes one. Without it,
    /// new leads go to the "Default" workspace's primary partition (or an assignment rule's).
    pub fn workspace(self, name: impl Into<String>) -> Self {
        self.mktows_context_header(MktowsContextHeaderInfo {
            target_workspace: name.into(),
        })
    }
}
