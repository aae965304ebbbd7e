//! Where requests go: `https://<munchkin-id>.mktoapi.com/soap/mktows/<version>`.
//!
//! The `soap:address` inside Marketo's WSDL is not the one to call, so the endpoint
//! is always configured.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use crate::auth::env_var;
use crate::error::Error;

/// The environment variable read by [`Endpoint::from_env`].
pub const ENV_ENDPOINT: &str = "MKTOWS_ENDPOINT";

/// A validated http(s) URL to POST SOAP requests to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
}

impl Endpoint {
    /// The endpoint of a Marketo instance: `https://<id>.mktoapi.com/soap/mktows/<version>`.
    /// `munchkin_id` is letters, digits and `-` (e.g. `123-ABC-456`); `version` is
    /// like `2_2`.
    pub fn for_munchkin(munchkin_id: &str, version: &str) -> Result<Endpoint, Error> {
        let id_ok = !munchkin_id.is_empty()
            && munchkin_id.len() <= 63
            && munchkin_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !munchkin_id.starts_with('-')
            && !munchkin_id.ends_with('-');
        if !id_ok {
            return Err(Error::Config(format!(
                "invalid Munchkin id {munchkin_id:?}: expected letters, digits and '-', like 123-ABC-456"
            )));
        }
        let version_ok = version
            .split_once('_')
            .is_some_and(|(major, minor)| is_digits(major) && is_digits(minor));
        if !version_ok {
            return Err(Error::Config(format!(
                "invalid API version {version:?}: expected digits joined by '_', like 2_2"
            )));
        }
        Endpoint::new(&format!(
            "https://{munchkin_id}.mktoapi.com/soap/mktows/{version}"
        ))
    }

    /// Any http or https URL (an emulator, a proxy). User info in the URL is refused
    /// so that credentials never end up in logs or errors.
    pub fn new(url: &str) -> Result<Endpoint, Error> {
        // A URL with '@' may carry a password: do not echo it.
        let shown = if url.contains('@') {
            "(not shown)".to_owned()
        } else {
            format!("{url:?}")
        };
        let parsed = Url::parse(url.trim())
            .map_err(|e| Error::Config(format!("invalid endpoint URL {shown}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "invalid endpoint URL {shown}: the scheme must be http or https"
            )));
        }
        if parsed.host().is_none() {
            return Err(Error::Config(format!(
                "invalid endpoint URL {shown}: no host"
            )));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Config(
                "invalid endpoint URL: user info (user:password@) is not supported".to_owned(),
            ));
        }
        Ok(Endpoint { url: parsed })
    }

    /// Reads the URL from `MKTOWS_ENDPOINT`.
    pub fn from_env() -> Result<Endpoint, Error> {
        Endpoint::new(&env_var(ENV_ENDPOINT)?)
    }

    /// The URL requests are POSTed to.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The parsed URL, for the transports: handing reqwest a `Url` spares it parsing the
    /// string again on every request.
    pub(crate) fn parsed_url(&self) -> &Url {
        &self.url
    }

    /// Where the service publishes its WSDL: the URL plus `?WSDL`.
    pub fn wsdl_url(&self) -> String {
        let sep = if self.url.query().is_some() { '&' } else { '?' };
        format!("{}{sep}WSDL", self.url)
    }

    /// Whether the URL uses https.
    pub fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    pub fn is_loopback(&self) -> bool {
        match self.url.host() {
            Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
            None => false,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

impl std::str::FromStr for Endpoint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Endpoint::new(s)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn munchkin_endpoints() {
        let e = Endpoint::for_munchkin("123-ABC-456", "2_2").unwrap();
        assert_eq!(e.url(), "https://123-abc-456.mktoapi.com/soap/mktows/2_2");
        assert_eq!(
            e.wsdl_url(),
            "https://123-abc-456.mktoapi.com/soap/mktows/2_2?WSDL"
        );
        assert!(e.is_https());
        assert!(!e.is_loopback());
        for bad in ["", "a.b", "a/b", "-x", "x y", "evil.com#"] {
            let err = Endpoint::for_munchkin(bad, "2_2").unwrap_err();
            assert!(err.to_string().contains("Munchkin id"), "{err}");
        }
        for bad in ["2.2", "2_", "_2", "22", "2_2_2", "v2_2"] {
            let err = Endpoint::for_munchkin("123-ABC-456", bad).unwrap_err();
            assert!(err.to_string().contains("API version"), "{err}");
        }
    }

    #[test]
    fn any_http_url() {
        let e = Endpoint::new("http://127.0.0.1:8080/soap/mktows/2_2").unwrap();
        assert_eq!(e.url(), "http://127.0.0.1:8080/soap/mktows/2_2");
        assert!(e.is_loopback());
        assert!(Endpoint::new("http://[::1]:9/x").unwrap().is_loopback());
        assert!(Endpoint::new("http://LOCALHOST/x").unwrap().is_loopback());
        assert!(Endpoint::new("http://127.9.9.9/x").unwrap().is_loopback());
        assert!(!Endpoint::new("http://10.0.0.1/x").unwrap().is_loopback());
        assert_eq!(
            Endpoint::new("http://h/x?a=1").unwrap().wsdl_url(),
            "http://h/x?a=1&WSDL"
        );
        assert!(Endpoint::new("ftp://h/x")
            .unwrap_err()
            .to_string()
            .contains("http or https"));
        assert!(Endpoint::new("not a url")
            .unwrap_err()
            .to_string()
            .contains("invalid endpoint URL"));
        let e = Endpoint::new("https://user:hunter2@h/x")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn from_env() {
        std::env::set_var(
            ENV_ENDPOINT,
            "https://123-ABC-456.mktoapi.com/soap/mktows/2_2",
        );
        assert!(Endpoint::from_env().is_ok());
        std::env::remove_var(ENV_ENDPOINT);
        let e = Endpoint::from_env().unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration error: environment variable MKTOWS_ENDPOINT is not set"
        );
    }
}
