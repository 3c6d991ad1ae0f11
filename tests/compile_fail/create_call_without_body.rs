// `create_call` requires its body: `create_call().send()` must not compile.
async fn log_call(client: hubspot_calling::Client) -> Result<(), hubspot_calling::Error> {
    let call = client.calls().create_call().send().await?;
    println!("{}", call.id);
    Ok(())
}

fn main() {
    let _ = log_call;
}
