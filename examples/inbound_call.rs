//! The inbound-call flow of a calling app, end to end (HubSpot docs: "Receive calls in HubSpot
//! when using calling apps (BETA)", "Set up third-party calling in help desk (BETA)" and the
//! `POST /crm/v3/extensions/calling/inbound-call` reference):
//!
//! 1. turn on inbound calling for the app: `PATCH /crm/v3/extensions/calling/{appId}/settings`
//!    with `supportsInboundCalling: true` and `usesCallingWindow` (true: HubSpot holds the call
//!    in its calling window; false when the app already prevents dropped calls), sent with the
//!    developer API key (`?hapikey=`);
//! 2. register the channel-connection webhook (the URL HubSpot calls to list connectable phone
//!    numbers, see `examples/channel_connection_webhook.rs`), not yet released to users
//!    (`isReady: false`): read the app's channel-connection settings, then update them, or
//!    create them when there are none (404); with the developer API key;
//! 3. log an inbound call with `inbound_call` (`createEngagement: true`, the call's title and
//!    notes as typed `CallProperties` in `engagementProperties`), with the portal's access
//!    token, and read HubSpot's caller ID matches: the contacts or companies the caller's number
//!    belongs to.
//!
//! ```sh
//! HUBSPOT_ACCESS_TOKEN=pat-na1-... HUBSPOT_DEVELOPER_API_KEY=... HUBSPOT_APP_ID=1234567 \
//!   cargo run --example inbound_call
//! cargo run --example inbound_call -- --prism    # against Stoplight Prism, started here
//! ```
//!
//! With `--prism` the flow runs against Stoplight Prism serving `calling-extensions.json` with
//! its overlays, which refuses any request that breaks the spec; Prism is installed on first use
//! (`npm ci`, Node.js 18+) and the credentials default to example values.
//!
//! Environment: `HUBSPOT_BASE_URL` (default `https://api.hubapi.com`; e.g. `http://127.0.0.1:4010`
//! for a Prism you started yourself), `HUBSPOT_ACCESS_TOKEN`,
//! `HUBSPOT_DEVELOPER_API_KEY`, `HUBSPOT_APP_ID`, and optionally `HUBSPOT_USER_ID` (the user who
//! answered), `CHANNEL_CONNECTION_URL` (default
//! `https://calling-app.example.com/hubspot/channel-connection`), `FROM_NUMBER` and `TO_NUMBER`
//! (E.164), `USES_CALLING_WINDOW` (`true`/`false`, default `true`).

use std::env;
use std::error::Error as StdError;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use hubspot_calling::calling_extensions::{
    CallerIdMatch, ChannelConnectionSettingsPatchRequest, ChannelConnectionSettingsRequest,
    ChannelConnectionSettingsResponse, CompletedThirdPartyCallRequest, FinalCallStatus,
    FormattedPhoneNumber, PhoneNumberType, SettingsPatchRequest, SettingsResponse,
};
use hubspot_calling::toolkit::channel_connection::E164Number;
use hubspot_calling::toolkit::properties::{CallDirection, CallProperties, CallSource};
use hubspot_calling::{Client, Error};
use hubspot_calling_test_support::prism::{self, Prism};

/// What the flow needs to know.
#[derive(Debug, Clone)]
pub struct FlowConfig {
    /// The calling app's ID (in the developer account).
    pub app_id: i32,
    /// The HubSpot user who answered the call, if known.
    pub user_id: Option<i32>,
    /// Whether HubSpot should hold calls in its calling window.
    pub uses_calling_window: bool,
    /// The URL of the app's channel-connection webhook.
    pub channel_connection_url: String,
    /// The caller's number.
    pub from_number: E164Number,
    /// The number that was called.
    pub to_number: E164Number,
    /// The app's own ID of the call.
    pub external_call_id: String,
}

/// What HubSpot answered at each step.
#[derive(Debug, Clone)]
pub struct FlowReport {
    /// The app's settings after step 1.
    pub settings: SettingsResponse,
    /// The channel-connection settings after step 2.
    pub channel_connection: ChannelConnectionSettingsResponse,
    /// Who is calling, from step 3.
    pub caller_id_matches: Vec<CallerIdMatch>,
}

/// Runs the three steps. `client` needs the developer API key (steps 1 and 2) and an access
/// token (step 3).
///
/// # Errors
/// The first call HubSpot refuses (or that cannot be sent).
pub async fn run(client: &Client, config: &FlowConfig) -> Result<FlowReport, Error> {
    let calling = client.calling_extensions();

    // 1. Inbound calling on, calling window as configured.
    let settings = calling
        .update_settings(
            config.app_id,
            SettingsPatchRequest {
                supports_inbound_calling: Some(true),
                uses_calling_window: Some(config.uses_calling_window),
                ..Default::default()
            },
        )
        .send()
        .await?;

    // 2. Register the channel-connection webhook: update it when it is registered already,
    //    create it otherwise (HubSpot answers 404 when there are no settings yet).
    let channel_connection = match calling
        .get_channel_connection_settings(config.app_id)
        .send()
        .await
    {
        Ok(_) => {
            calling
                .update_channel_connection_settings(
                    config.app_id,
                    ChannelConnectionSettingsPatchRequest {
                        url: Some(config.channel_connection_url.clone()),
                        is_ready: Some(false),
                    },
                )
                .send()
                .await?
        }
        Err(error) if error.status() == Some(404) => {
            calling
                .create_channel_connection_settings(
                    config.app_id,
                    ChannelConnectionSettingsRequest {
                        url: config.channel_connection_url.clone(),
                        is_ready: false,
                    },
                )
                .send()
                .await?
        }
        Err(error) => return Err(error),
    };

    // 3. Log the inbound call and read who is calling.
    let mut engagement = CallProperties::new();
    engagement.title = "Inbound call".into();
    engagement.body = "Logged by the calling app's inbound-call example".into();
    engagement.direction = CallDirection::Inbound.into();
    engagement.source = CallSource::IntegrationsPlatform.into();
    let phone = |number: &E164Number| FormattedPhoneNumber {
        e164_number: number.as_str().to_owned(),
        extension: None,
        phone_number_type: PhoneNumberType::Mobile,
    };
    let started = SystemTime::now()
        .checked_sub(Duration::from_secs(95))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let matches = calling
        .inbound_call(CompletedThirdPartyCallRequest {
            call_started_timestamp: Some(started.into()),
            create_engagement: true,
            duration_seconds: Some(95),
            engagement_properties: engagement.to_request_properties(),
            external_call_id: config.external_call_id.clone(),
            final_call_status: FinalCallStatus::Completed,
            from_number: phone(&config.from_number),
            potential_recipient_user_ids: config.user_id.into_iter().collect(),
            to_number: phone(&config.to_number),
            user_id: config.user_id,
        })
        .send()
        .await?;

    Ok(FlowReport {
        settings,
        channel_connection,
        caller_id_matches: matches.caller_id_matches,
    })
}

/// One line per caller ID match.
pub fn describe(caller: &CallerIdMatch) -> String {
    match caller {
        CallerIdMatch::Contact(contact) => format!(
            "contact {} {} <{}> (object {})",
            contact.first_name.as_deref().unwrap_or("?"),
            contact.last_name.as_deref().unwrap_or("?"),
            contact.email.as_deref().unwrap_or("no email"),
            contact.object_coordinates.object_id,
        ),
        CallerIdMatch::Company(company) => format!(
            "company {} (object {})",
            company.name.as_deref().unwrap_or("?"),
            company.object_coordinates.object_id,
        ),
        CallerIdMatch::Other(json) => format!("a caller ID type this crate does not know: {json}"),
    }
}

/// Prism serving calling-extensions.json with its overlays, refusing requests that break the
/// spec (`--errors`) and answering with data generated from the response schemas (`--dynamic`:
/// the upstream spec's examples are all `null`). Installs Prism first if it is missing. Returns
/// the server and the scratch directory holding the merged spec and Prism's log.
///
/// # Errors
/// Prism cannot be installed, or does not start.
pub fn start_prism() -> Result<(Prism, PathBuf), String> {
    let dir = prism::scratch_dir("inbound-prism")?;
    let specs = prism::write_merged_specs(&dir)?;
    let spec = specs
        .iter()
        .find(|p| p.ends_with("calling-extensions.json"))
        .ok_or_else(|| format!("calling-extensions.json was not written: {specs:?}"))?;
    let server = Prism::start_with(spec, &dir, &["--errors", "--dynamic", "--seed", "7"])?;
    Ok((server, dir))
}

fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &str) -> Result<String, String> {
    var(name).ok_or_else(|| format!("set {name} (see the top of examples/inbound_call.rs)"))
}

/// The client and the configuration, from the environment.
///
/// # Errors
/// A missing or invalid variable.
/// With `prism` (its base URL), the credentials and app ID default to example values.
pub fn from_env(prism: Option<&str>) -> Result<(Client, FlowConfig), Box<dyn StdError>> {
    let or_example = |name: &str, example: &str| match prism {
        Some(_) => Ok(var(name).unwrap_or_else(|| example.to_owned())),
        None => required(name),
    };
    let base_url = match prism {
        Some(url) => url.to_owned(),
        None => var("HUBSPOT_BASE_URL").unwrap_or_else(|| "https://api.hubapi.com".to_owned()),
    };
    let client = Client::builder()
        .base_url(base_url)
        .access_token(or_example("HUBSPOT_ACCESS_TOKEN", "pat-na1-example-token")?)
        .developer_api_key(or_example(
            "HUBSPOT_DEVELOPER_API_KEY",
            "developer-api-key-example",
        )?)
        .build()?;
    let config = FlowConfig {
        app_id: or_example("HUBSPOT_APP_ID", "1234567")?
            .parse()
            .map_err(|e| format!("HUBSPOT_APP_ID: {e}"))?,
        user_id: var("HUBSPOT_USER_ID")
            .map(|v| v.parse())
            .transpose()
            .map_err(|e| format!("HUBSPOT_USER_ID: {e}"))?,
        uses_calling_window: var("USES_CALLING_WINDOW").as_deref() != Some("false"),
        channel_connection_url: var("CHANNEL_CONNECTION_URL").unwrap_or_else(|| {
            "https://calling-app.example.com/hubspot/channel-connection".to_owned()
        }),
        from_number: E164Number::parse(
            &var("FROM_NUMBER").unwrap_or_else(|| "+18578295489".to_owned()),
        )?,
        to_number: E164Number::parse(
            &var("TO_NUMBER").unwrap_or_else(|| "+15099999999".to_owned()),
        )?,
        external_call_id: format!(
            "example-{}",
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default()
        ),
    };
    Ok((client, config))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn StdError>> {
    let prism = match env::args().nth(1).as_deref() {
        Some("--prism") => Some(start_prism()?),
        Some(other) => return Err(format!("unknown argument {other:?} (only --prism)").into()),
        None => None,
    };
    let prism_url = prism.as_ref().map(|(server, _)| server.base_url());
    let (client, config) = from_env(prism_url.as_deref())?;
    match &prism {
        Some(_) => println!(
            "Stoplight Prism {} at {} (calling-extensions.json with its overlays)",
            prism::PRISM_VERSION,
            client.base_url()
        ),
        None => println!("HubSpot at {}", client.base_url()),
    }
    let report = run(&client, &config).await?;
    println!(
        "1. settings of app {}: supportsInboundCalling={}, usesCallingWindow={}",
        config.app_id,
        report.settings.supports_inbound_calling,
        report.settings.uses_calling_window
    );
    println!(
        "2. channel connection webhook {} (isReady={})",
        report.channel_connection.url, report.channel_connection.is_ready
    );
    println!(
        "3. inbound call {} from {}: {} caller ID match(es)",
        config.external_call_id,
        config.from_number,
        report.caller_id_matches.len()
    );
    for caller in &report.caller_id_matches {
        println!("   - {}", describe(caller));
    }
    if let Some((server, dir)) = prism {
        drop(server);
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}
