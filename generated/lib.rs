//! Typed Rust client for Marketo's SOAP API ("mktows"), generated at build time from the
//! WSDL in `wsdl/` by `mktows-codegen`.
//!
//! ```no_run
//! # async fn run() -> Result<(), mktows::Error> {
//! use mktows::{ArrayOfAttribute, Attribute, Client, Credentials, Endpoint, LeadRecord, ParamsSyncLead};
//!
//! let client = Client::marketo(Endpoint::for_munchkin("100-AEK-913", "2_2")?, Credentials::from_env()?)?;
//! let params = ParamsSyncLead {
//!     lead_record: LeadRecord {
//!         email: "t@t.com".into(),
//!         lead_attribute_list: ArrayOfAttribute {
//!             attribute: vec![Attribute { attr_name: "FirstName".into(), attr_value: "George".into(), ..Default::default() }],
//!         }
//!         .into(),
//!         ..Default::default()
//!     },
//!     return_lead: true,
//!     ..Default::default()
//! };
//! let out = client.sync_lead(&params).workspace("Default").send().await?;
//! println!("lead {} {}", out.result.lead_id, out.result.sync_status.status);
//! # Ok(())
//! # }
//! ```
//!
//! Everything below `runtime` is generated; `generated/mktows_2_2.rs` is a committed copy of
//! the output for reading and review.

mod api {
    include!(concat!(env!("OUT_DIR"), "/mktows.rs"));
}
mod marketo;

pub use api::*;
/// The hand-written runtime the generated code calls (transport, signing, XML helpers).
pub use mktows_runtime as runtime;
pub use mktows_runtime::{
    ClientBuilder, Credentials, Endpoint, Error, Fault, Nillable, RetryPolicy,
};
