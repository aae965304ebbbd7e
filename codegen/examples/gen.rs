//! Runs the generator on one WSDL and prints the Rust (a development aid; the CLI's
//! `mktows generate` is the user-facing command).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: gen WSDL");
        std::process::exit(2);
    };
    match mktows_codegen::generate(std::path::Path::new(&path), &Default::default()) {
        Ok(g) => print!("{}", g.code),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    }
}
