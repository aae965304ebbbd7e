fn main() {
    let path = std::env::args().nth(1).expect("wsdl path");
    match mktows_codegen::generate(std::path::Path::new(&path), &Default::default()) {
        Ok(g) => print!("{}", g.code),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    }
}
