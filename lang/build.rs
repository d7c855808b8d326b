//! Generates the parser from `src/grammar.lalrpop` into OUT_DIR (nothing generated is
//! committed).

fn main() {
    if let Err(e) = lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .process()
    {
        eprintln!("lalrpop failed: {e}");
        std::process::exit(1);
    }
}
