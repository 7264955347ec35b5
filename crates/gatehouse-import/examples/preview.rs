//! Prints the import preview of a spreadsheet against an empty model, as JSON:
//! `cargo run --example preview FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: preview FILE");
    let limits = gatehouse_import::Limits::default();
    let result =
        gatehouse_import::Source::read(std::path::Path::new(&path), &limits).and_then(|s| {
            let model = gatehouse_core::Model {
                meta: gatehouse_core::ModelMeta {
                    name: "empty".into(),
                    ..Default::default()
                },
                ..Default::default()
            };
            gatehouse_import::prepare(&s, &model, &Default::default(), &limits)
        });
    match result {
        Ok(import) => println!("{}", serde_json::to_string_pretty(&import.preview).unwrap()),
        Err(e) => println!("error [{}]: {e}", e.code()),
    }
}
