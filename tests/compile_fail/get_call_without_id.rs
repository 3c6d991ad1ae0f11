// `get_call_by_id` requires the call's ID (a path parameter), and `update_settings` the app's
// ID before its body: leaving one out must not compile.
use hubspot_calling::calling_extensions::SettingsPatchRequest;

async fn read(client: hubspot_calling::Client) -> Result<(), hubspot_calling::Error> {
    let call = client.calls().get_call_by_id().send().await?;
    client
        .calling_extensions()
        .update_settings(SettingsPatchRequest::default())
        .send()
        .await?;
    println!("{}", call.id);
    Ok(())
}

fn main() {
    let _ = read;
}
