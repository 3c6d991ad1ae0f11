//! The string enums of call properties (direction, status, source, callee type, disposition):
//! unknown values are kept, so a value HubSpot adds later round-trips.

use std::fmt;
use std::str::FromStr;

use super::value::{CallPropertyError, Codec};

/// Declares a string enum whose unknown values are kept: `as_str`, `From<&str>`, `FromStr`,
/// `Display`, and its `Codec`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, )*
        }
        $(#[doc = $other_doc:literal])*
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
            $(#[doc = $other_doc])*
            $other(String),
        }

        impl $name {
            /// The value as written in the properties map.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::$other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::$other(other.to_owned()),
                }
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Codec for $name {
            fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
                Ok(Self::from(text))
            }
            fn encode(&self) -> String {
                self.as_str().to_owned()
            }
        }
    };
}

string_enum! {
    /// `hs_call_direction`: the direction of the call from the perspective of the HubSpot user.
    /// `INBOUND` when the user received the call, `OUTBOUND` when the user initiated it.
    CallDirection {
        /// `INBOUND`: the HubSpot user is the recipient of the call.
        Inbound = "INBOUND",
        /// `OUTBOUND`: the HubSpot user initiated the call.
        Outbound = "OUTBOUND",
    }
    /// A value this crate does not know, kept as written.
    Other
}

string_enum! {
    /// `hs_call_status`: the status of the call.
    ///
    /// The match is exact: HubSpot's docs also write a voicemail's status as lowercase `missed`,
    /// which is kept as `Other("missed")`; [`CallStatus::is_missed`] accepts both spellings.
    CallStatus {
        /// `BUSY`
        Busy = "BUSY",
        /// `CALLING_CRM_USER`
        CallingCrmUser = "CALLING_CRM_USER",
        /// `CANCELED`
        Canceled = "CANCELED",
        /// `COMPLETED`
        Completed = "COMPLETED",
        /// `CONNECTING`
        Connecting = "CONNECTING",
        /// `FAILED`
        Failed = "FAILED",
        /// `IN_PROGRESS`
        InProgress = "IN_PROGRESS",
        /// `MISSED`
        Missed = "MISSED",
        /// `NO_ANSWER`
        NoAnswer = "NO_ANSWER",
        /// `QUEUED`
        Queued = "QUEUED",
        /// `RINGING`
        Ringing = "RINGING",
    }
    /// A status this crate does not know, kept as written.
    Other
}

impl CallStatus {
    /// Whether the status is missed, in either spelling HubSpot's docs use (`MISSED`, `missed`).
    pub fn is_missed(&self) -> bool {
        match self {
            Self::Missed => true,
            Self::Other(value) => value.eq_ignore_ascii_case("missed"),
            _ => false,
        }
    }
}

string_enum! {
    /// `hs_call_source`: the source of the call. Not required, but required to use the
    /// recording and transcription pipeline; when set, it must be `INTEGRATIONS_PLATFORM`.
    CallSource {
        /// `INTEGRATIONS_PLATFORM`: the call was logged by a calling app.
        IntegrationsPlatform = "INTEGRATIONS_PLATFORM",
    }
    /// Any other source HubSpot reports, kept as written.
    Other
}

string_enum! {
    /// `hs_call_callee_object_type`: the type of the object the call's associated record
    /// belongs to (the recipient for `OUTBOUND` calls, the dialer for `INBOUND` calls), e.g. a
    /// contact or a company.
    CalleeObjectType {
        /// `CONTACT`
        Contact = "CONTACT",
        /// `COMPANY`
        Company = "COMPANY",
    }
    /// Any other object type, kept as written.
    Other
}

/// `hs_call_disposition`: the outcome of the call, HubSpot's internal GUID of a call outcome.
///
/// The six default outcomes are named; a custom outcome of the account (its GUID is listed by
/// HubSpot's call dispositions API) is kept as [`CallDisposition::Custom`], exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallDisposition {
    /// Busy: `9d9162e7-6cf3-4944-bf63-4dff82258764`.
    Busy,
    /// Connected: `f240bbac-87c9-4f6e-bf70-924b57d47db7`.
    Connected,
    /// Left live message: `a4c4c377-d246-4b32-a13b-75a56a4cd0ff`.
    LeftLiveMessage,
    /// Left voicemail: `b2cf5968-551e-4856-9783-52b3da59a7d0`.
    LeftVoicemail,
    /// No answer: `73a0d17f-1163-4015-bdd5-ec830791da20`.
    NoAnswer,
    /// Wrong number: `17b47fee-58de-441e-a44c-c6300d46f273`.
    WrongNumber,
    /// A custom outcome of the account: its GUID, as written. Build it with
    /// [`CallDisposition::custom`], which checks that it is a GUID.
    Custom(String),
}

impl CallDisposition {
    /// The six default outcomes, with their GUIDs (HubSpot docs: "Engagements | Calls",
    /// `hs_call_disposition`).
    pub const DEFAULTS: [(CallDisposition, &'static str); 6] = [
        (Self::Busy, "9d9162e7-6cf3-4944-bf63-4dff82258764"),
        (Self::Connected, "f240bbac-87c9-4f6e-bf70-924b57d47db7"),
        (
            Self::LeftLiveMessage,
            "a4c4c377-d246-4b32-a13b-75a56a4cd0ff",
        ),
        (Self::LeftVoicemail, "b2cf5968-551e-4856-9783-52b3da59a7d0"),
        (Self::NoAnswer, "73a0d17f-1163-4015-bdd5-ec830791da20"),
        (Self::WrongNumber, "17b47fee-58de-441e-a44c-c6300d46f273"),
    ];

    /// The GUID, as written in the properties map.
    pub fn guid(&self) -> &str {
        match self {
            Self::Busy => Self::DEFAULTS[0].1,
            Self::Connected => Self::DEFAULTS[1].1,
            Self::LeftLiveMessage => Self::DEFAULTS[2].1,
            Self::LeftVoicemail => Self::DEFAULTS[3].1,
            Self::NoAnswer => Self::DEFAULTS[4].1,
            Self::WrongNumber => Self::DEFAULTS[5].1,
            Self::Custom(guid) => guid,
        }
    }

    /// The outcome of a GUID: one of the six defaults when it is one of their GUIDs (exactly as
    /// HubSpot writes them, in lowercase), otherwise [`CallDisposition::Custom`].
    ///
    /// # Errors
    /// When `guid` is not a GUID.
    pub fn custom(guid: impl Into<String>) -> Result<Self, CallPropertyError> {
        let guid = guid.into();
        if let Some((known, _)) = Self::DEFAULTS.iter().find(|(_, g)| *g == guid) {
            return Ok(known.clone());
        }
        match uuid::Uuid::try_parse(&guid) {
            Ok(_) => Ok(Self::Custom(guid)),
            Err(_) => Err(CallPropertyError::new(
                "hs_call_disposition",
                &guid,
                "not a call outcome GUID (e.g. f240bbac-87c9-4f6e-bf70-924b57d47db7 for Connected)",
            )),
        }
    }

    /// The label HubSpot shows for a default outcome (`"Left voicemail"`), `None` for a custom
    /// one.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Self::Busy => Some("Busy"),
            Self::Connected => Some("Connected"),
            Self::LeftLiveMessage => Some("Left live message"),
            Self::LeftVoicemail => Some("Left voicemail"),
            Self::NoAnswer => Some("No answer"),
            Self::WrongNumber => Some("Wrong number"),
            Self::Custom(_) => None,
        }
    }
}

impl FromStr for CallDisposition {
    type Err = CallPropertyError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::custom(value)
    }
}

impl fmt::Display for CallDisposition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.guid())
    }
}

impl Codec for CallDisposition {
    fn decode(_: &str, text: &str) -> Result<Self, CallPropertyError> {
        Self::custom(text)
    }
    fn encode(&self) -> String {
        self.guid().to_owned()
    }
}
