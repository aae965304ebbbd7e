//! The Marketo fault codes the emulator answers with (facts sheet, "Faults").

/// Internal error (also: the state file could not be written). Transient.
pub const INTERNAL: u32 = 10001;
/// Request not understood: malformed XML, not a SOAP 1.1 envelope, a bad value.
pub const REQUEST_NOT_UNDERSTOOD: u32 = 20012;
/// Authentication failed: no or bad `AuthenticationHeader`, unknown user, bad signature.
pub const AUTHENTICATION_FAILED: u32 = 20014;
/// Daily quota exceeded.
pub const DAILY_QUOTA: u32 = 20015;
/// Request expired: `requestTimestamp` unreadable or outside the clock-skew window.
pub const REQUEST_EXPIRED: u32 = 20016;
/// A required parameter is missing.
pub const MISSING_PARAMETER: u32 = 20017;
/// Operation not defined (or not supported by the emulator).
pub const OPERATION_NOT_DEFINED: u32 = 20019;
/// Rate limit: too many calls in the window.
pub const RATE_LIMIT: u32 = 20023;
/// Concurrency limit: too many calls at once.
pub const CONCURRENCY_LIMIT: u32 = 20024;
/// No lead key in the record.
pub const LEAD_KEY_REQUIRED: u32 = 20101;
/// A lead key type the emulator does not support.
pub const LEAD_KEY_TYPE_NOT_VALID: u32 = 20102;
/// No such lead.
pub const LEAD_NOT_FOUND: u32 = 20103;
/// Unknown lead field.
pub const UNKNOWN_LEAD_FIELD: u32 = 20105;
/// Lead sync failed (workspace partition or uniqueness conflicts).
pub const LEAD_SYNC_FAILED: u32 = 20106;
/// A parameter required in this combination is missing (e.g. ForeignSysType).
pub const PARAMETER_REQUIRED: u32 = 20109;
/// A parameter has a value the service does not accept.
pub const BAD_PARAMETER: u32 = 20110;
