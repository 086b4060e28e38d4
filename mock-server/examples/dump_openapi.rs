//! Prints the OpenAPI document (`cargo run -p herodesk-mock --example dump_openapi`).

fn main() {
    match herodesk_mock::routes::openapi::document().to_pretty_json() {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("error: {e}"),
    }
}
