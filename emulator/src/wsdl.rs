//! The WSDL served at `?WSDL`: the project's own, with its placeholder `soap:address`
//! pointing at the emulator.

/// The WSDL the client is generated from.
pub const WSDL: &str = include_str!("../../wsdl/mktows-2_2.wsdl");

const ADDRESS: &str = "<soap:address location=\"";

/// [`WSDL`] with every `soap:address location` replaced by `url`.
pub fn wsdl_for(url: &str) -> String {
    let url = url
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let mut out = String::with_capacity(WSDL.len() + url.len());
    let mut rest = WSDL;
    while let Some(at) = rest.find(ADDRESS) {
        let value_start = at + ADDRESS.len();
        out.push_str(&rest[..value_start]);
        out.push_str(&url);
        let after = &rest[value_start..];
        rest = after.find('"').map_or("\"", |end| &after[end..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_replaced_and_nothing_else() {
        let url = "http://127.0.0.1:4321/soap/mktows/2_2";
        let out = wsdl_for(url);
        assert!(out.contains(&format!("<soap:address location=\"{url}\"/>")));
        assert!(!out.contains("munchkin-id.mktoapi.com/soap/mktows/2_2\"/>"));
        assert_eq!(
            out.len(),
            WSDL.len() - "https://munchkin-id.mktoapi.com/soap/mktows/2_2".len() + url.len()
        );
    }
}
