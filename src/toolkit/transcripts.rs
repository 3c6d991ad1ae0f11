//! Call transcripts in one expression: [`Transcript`] turns utterances (who spoke, from when to
//! when in the call, what they said) into the body of
//! [`create_transcript`](crate::calling_transcripts::CallingTranscriptsApi::create_transcript),
//! checked before anything is sent.
//!
//! HubSpot attaches a transcript to a call engagement (HubSpot docs: "Third-party
//! transcripts"): the body names the call (`engagementId`) and lists its utterances, each with a
//! speaker (`id` and `name`, optionally `email`), the text, optionally a language code, and its
//! start and end as milliseconds from the start of the call.
//!
//! ```
//! use std::time::Duration;
//! use hubspot_calling::calling_transcripts::Speaker;
//! use hubspot_calling::toolkit::transcripts::Transcript;
//!
//! let agent = Speaker::new("11", "Ada Agent").with_email("ada@example.com");
//! let caller = Speaker::new("12", "Chris Caller");
//! let ms = Duration::from_millis;
//! let body = Transcript::for_call("21")
//!     .language("en-US")
//!     .utterance(&agent, ms(1_980), ms(2_090), "Hello. How are you?")
//!     .utterance(&caller, ms(2_090), ms(3_450), "Good, and you?")
//!     .build()?;
//! # use hubspot_calling::types::serde_json::{json, to_value};
//! assert_eq!(
//!     to_value(&body).unwrap(),
//!     json!({
//!         "engagementId": 21,
//!         "transcriptCreateUtterances": [
//!             {"speaker": {"id": "11", "name": "Ada Agent", "email": "ada@example.com"},
//!              "text": "Hello. How are you?", "languageCode": "en-US",
//!              "startTimeMillis": 1980, "endTimeMillis": 2090},
//!             {"speaker": {"id": "12", "name": "Chris Caller"},
//!              "text": "Good, and you?", "languageCode": "en-US",
//!              "startTimeMillis": 2090, "endTimeMillis": 3450}
//!         ]
//!     })
//! );
//! // client.calling_transcripts().create_transcript(body).send().await?
//! # Ok::<(), hubspot_calling::toolkit::transcripts::TranscriptError>(())
//! ```
//!
//! What a speech-to-text service returns maps onto [`Utterance`]s, and
//! [`Transcript::from_utterances`] takes any iterator of them. A [`TranscriptError`] names the
//! utterance that is wrong (its index) and why; it converts into
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest), so `?` works in code that returns
//! the crate's error.

use std::fmt::Display;
use std::time::Duration;

use crate::calling_transcripts::{
    BatchInputPublicObjectId, PublicObjectId, Speaker, TranscriptCreateRequest,
    TranscriptCreateUtterance,
};

/// Why a transcript cannot be sent. Utterances are counted from 0, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranscriptError {
    /// The call id is not a HubSpot call (engagement) id, a positive integer.
    #[error("call id `{0}` is not a HubSpot call id (a positive integer such as `21`)")]
    CallId(String),
    /// The transcript has no utterance.
    #[error("a transcript needs at least one utterance")]
    NoUtterances,
    /// The text of an utterance is empty or only white space.
    #[error("utterances[{index}]: the text is empty")]
    EmptyText {
        /// Which utterance.
        index: usize,
    },
    /// The speaker of an utterance has an empty `id` or `name` (HubSpot requires both).
    #[error("utterances[{index}]: the speaker's {field} is empty")]
    EmptySpeaker {
        /// Which utterance.
        index: usize,
        /// `"id"` or `"name"`.
        field: &'static str,
    },
    /// An utterance ends before it starts.
    #[error("utterances[{index}]: ends at {end_ms} ms, before it starts ({start_ms} ms)")]
    EndsBeforeStart {
        /// Which utterance.
        index: usize,
        /// Its start, in milliseconds from the start of the call.
        start_ms: u128,
        /// Its end, in milliseconds from the start of the call.
        end_ms: u128,
    },
    /// A start or end offset does not fit HubSpot's 64-bit milliseconds.
    #[error("utterances[{index}]: {offset_ms} ms from the start of the call is out of range")]
    OutOfRange {
        /// Which utterance.
        index: usize,
        /// The offset, in milliseconds.
        offset_ms: u128,
    },
}

impl From<TranscriptError> for crate::Error {
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) of `create_transcript`.
    fn from(error: TranscriptError) -> Self {
        crate::Error::InvalidRequest {
            operation: "create_transcript",
            message: error.to_string(),
        }
    }
}

impl Speaker {
    /// A speaker with HubSpot's required `id` and `name` (your ids: a user, a phone line, a
    /// diarization label).
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Speaker {
        Speaker {
            id: id.into(),
            name: name.into(),
            email: None,
        }
    }

    /// The speaker's email address, which lets HubSpot match a user or contact.
    pub fn with_email(mut self, email: impl Into<String>) -> Speaker {
        self.email = Some(email.into());
        self
    }
}

impl From<&Speaker> for Speaker {
    /// A copy, so one speaker can be named by many utterances.
    fn from(speaker: &Speaker) -> Self {
        speaker.clone()
    }
}

/// One utterance: who spoke, from when to when (offsets from the start of the call), and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// Who spoke.
    pub speaker: Speaker,
    /// When the utterance starts, from the start of the call.
    pub start: Duration,
    /// When the utterance ends, from the start of the call; not before `start`.
    pub end: Duration,
    /// What was said; not empty.
    pub text: String,
    /// The language, e.g. `en-US`; [`Transcript::language`] when not set.
    pub language_code: Option<String>,
}

impl Utterance {
    /// An utterance of `speaker` from `start` to `end` (offsets from the start of the call).
    pub fn new(
        speaker: impl Into<Speaker>,
        start: Duration,
        end: Duration,
        text: impl Into<String>,
    ) -> Utterance {
        Utterance {
            speaker: speaker.into(),
            start,
            end,
            text: text.into(),
            language_code: None,
        }
    }

    /// The utterance's language (e.g. `en-US`), instead of the transcript's.
    pub fn language(mut self, code: impl Into<String>) -> Utterance {
        self.language_code = Some(code.into());
        self
    }

    /// The generated request item, checked; `index` locates an error, `language` is the default
    /// language code.
    fn into_request(
        self,
        index: usize,
        language: Option<&String>,
    ) -> Result<TranscriptCreateUtterance, TranscriptError> {
        if self.text.trim().is_empty() {
            return Err(TranscriptError::EmptyText { index });
        }
        for (field, value) in [("id", &self.speaker.id), ("name", &self.speaker.name)] {
            if value.trim().is_empty() {
                return Err(TranscriptError::EmptySpeaker { index, field });
            }
        }
        if self.end < self.start {
            return Err(TranscriptError::EndsBeforeStart {
                index,
                start_ms: self.start.as_millis(),
                end_ms: self.end.as_millis(),
            });
        }
        let millis = |offset: Duration| {
            i64::try_from(offset.as_millis()).map_err(|_| TranscriptError::OutOfRange {
                index,
                offset_ms: offset.as_millis(),
            })
        };
        Ok(TranscriptCreateUtterance {
            start_time_millis: millis(self.start)?,
            end_time_millis: millis(self.end)?,
            speaker: self.speaker,
            text: self.text,
            language_code: self.language_code.or_else(|| language.cloned()),
        })
    }
}

/// A transcript of one call, built utterance by utterance; [`build`](Self::build) checks it and
/// returns the body of `create_transcript`. See the [module docs](self) for an example.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a transcript does nothing until it is built and sent"]
pub struct Transcript {
    call_id: String,
    language: Option<String>,
    utterances: Vec<Utterance>,
}

impl Transcript {
    /// A transcript for the call `call_id`: the call engagement's id, as `calls` answers it
    /// (`call.id`, a string of digits) or as a number.
    pub fn for_call(call_id: impl Display) -> Transcript {
        Transcript {
            call_id: call_id.to_string(),
            language: None,
            utterances: Vec::new(),
        }
    }

    /// The checked body of `create_transcript` for `call_id` with `utterances`, in one call.
    ///
    /// # Errors
    /// As [`build`](Self::build).
    pub fn from_utterances(
        call_id: impl Display,
        utterances: impl IntoIterator<Item = Utterance>,
    ) -> Result<TranscriptCreateRequest, TranscriptError> {
        Transcript::for_call(call_id).utterances(utterances).build()
    }

    /// The language code (e.g. `en-US`) of every utterance that does not set its own.
    pub fn language(mut self, code: impl Into<String>) -> Transcript {
        self.language = Some(code.into());
        self
    }

    /// Adds what `speaker` said from `start` to `end` (offsets from the start of the call).
    pub fn utterance(
        self,
        speaker: impl Into<Speaker>,
        start: Duration,
        end: Duration,
        text: impl Into<String>,
    ) -> Transcript {
        self.push(Utterance::new(speaker, start, end, text))
    }

    /// Adds one utterance.
    pub fn push(mut self, utterance: Utterance) -> Transcript {
        self.utterances.push(utterance);
        self
    }

    /// Adds every utterance of `utterances`, in order.
    pub fn utterances(mut self, utterances: impl IntoIterator<Item = Utterance>) -> Transcript {
        self.utterances.extend(utterances);
        self
    }

    /// The body of `create_transcript`, in the order the utterances were added.
    ///
    /// # Errors
    /// The first problem found: a call id that is not a positive integer, no utterance, or an
    /// utterance with empty text, a speaker without id or name, an end before its start, or an
    /// offset beyond 64-bit milliseconds.
    pub fn build(self) -> Result<TranscriptCreateRequest, TranscriptError> {
        let engagement_id = self
            .call_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| TranscriptError::CallId(self.call_id.clone()))?;
        if self.utterances.is_empty() {
            return Err(TranscriptError::NoUtterances);
        }
        let language = self.language.as_ref();
        let utterances = self
            .utterances
            .into_iter()
            .enumerate()
            .map(|(index, utterance)| utterance.into_request(index, language))
            .collect::<Result<_, _>>()?;
        Ok(TranscriptCreateRequest {
            engagement_id,
            transcript_create_utterances: utterances,
        })
    }
}

impl BatchInputPublicObjectId {
    /// The body of `batch_read_connection_statuses`: the HubSpot user ids whose calling
    /// connection status to read.
    pub fn new(user_ids: impl IntoIterator<Item = impl Display>) -> BatchInputPublicObjectId {
        BatchInputPublicObjectId {
            inputs: user_ids
                .into_iter()
                .map(|id| PublicObjectId { id: id.to_string() })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn agent() -> Speaker {
        Speaker::new("11", "Ada Agent")
    }

    #[test]
    fn builds_the_utterances_in_order_with_the_call_as_engagement() {
        let body = Transcript::for_call(21_i64)
            .utterance(agent(), ms(0), ms(1_500), "Hello")
            .push(Utterance::new(agent(), ms(1_500), ms(1_500), "…").language("de-DE"))
            .build()
            .unwrap();
        assert_eq!(body.engagement_id, 21);
        let times: Vec<_> = body
            .transcript_create_utterances
            .iter()
            .map(|u| (u.start_time_millis, u.end_time_millis, u.text.as_str()))
            .collect();
        assert_eq!(times, [(0, 1_500, "Hello"), (1_500, 1_500, "…")]);
        assert_eq!(body.transcript_create_utterances[0].language_code, None);
        assert_eq!(
            body.transcript_create_utterances[1]
                .language_code
                .as_deref(),
            Some("de-DE")
        );
    }

    #[test]
    fn the_transcript_language_fills_in_only_where_an_utterance_has_none() {
        let utterances = [
            Utterance::new(agent(), ms(0), ms(1), "a"),
            Utterance::new(agent(), ms(1), ms(2), "b").language("fr-FR"),
        ];
        let languages = |body: TranscriptCreateRequest| -> Vec<Option<String>> {
            body.transcript_create_utterances
                .into_iter()
                .map(|u| u.language_code)
                .collect()
        };
        let body = Transcript::from_utterances("21", utterances.clone()).unwrap();
        assert_eq!(languages(body), [None, Some("fr-FR".to_string())]);
        let body = Transcript::for_call(" 21 ")
            .language("en-US")
            .utterances(utterances)
            .build()
            .unwrap();
        assert_eq!(
            languages(body),
            [Some("en-US".to_string()), Some("fr-FR".to_string())]
        );
    }

    #[test]
    fn sub_millisecond_offsets_are_cut_to_whole_milliseconds() {
        let body = Transcript::for_call(7)
            .utterance(agent(), Duration::from_micros(1_999), ms(3), "x")
            .build()
            .unwrap();
        assert_eq!(body.transcript_create_utterances[0].start_time_millis, 1);
    }

    #[test]
    fn an_end_before_the_start_names_the_utterance_and_both_times() {
        let error = Transcript::for_call(21)
            .utterance(agent(), ms(0), ms(10), "fine")
            .utterance(agent(), ms(2_090), ms(1_980), "backwards")
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            TranscriptError::EndsBeforeStart {
                index: 1,
                start_ms: 2_090,
                end_ms: 1_980
            }
        );
        assert_eq!(
            error.to_string(),
            "utterances[1]: ends at 1980 ms, before it starts (2090 ms)"
        );
    }

    #[test]
    fn empty_or_blank_text_is_refused() {
        for text in ["", "  \n\t"] {
            let error = Transcript::for_call(21)
                .utterance(agent(), ms(0), ms(1), text)
                .build()
                .unwrap_err();
            assert_eq!(error, TranscriptError::EmptyText { index: 0 });
        }
    }

    #[test]
    fn a_speaker_needs_an_id_and_a_name() {
        let error = Transcript::for_call(21)
            .utterance(Speaker::new("", "Ada"), ms(0), ms(1), "hi")
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            TranscriptError::EmptySpeaker {
                index: 0,
                field: "id"
            }
        );
        let error = Transcript::for_call(21)
            .utterance(agent(), ms(0), ms(1), "hi")
            .utterance(Speaker::new("12", " "), ms(1), ms(2), "hi")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "utterances[1]: the speaker's name is empty"
        );
    }

    #[test]
    fn the_call_id_must_be_a_positive_integer() {
        for id in ["", "abc", "0", "-5", "21.5", "99999999999999999999"] {
            let error = Transcript::for_call(id)
                .utterance(agent(), ms(0), ms(1), "hi")
                .build()
                .unwrap_err();
            assert_eq!(error, TranscriptError::CallId(id.to_string()), "{id:?}");
        }
    }

    #[test]
    fn a_transcript_without_utterances_is_refused() {
        assert_eq!(
            Transcript::from_utterances(21, []),
            Err(TranscriptError::NoUtterances)
        );
    }

    #[test]
    fn an_offset_beyond_i64_milliseconds_is_an_error_not_a_wrap() {
        let error = Transcript::for_call(21)
            .utterance(agent(), ms(0), Duration::MAX, "long")
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            TranscriptError::OutOfRange {
                index: 0,
                offset_ms: Duration::MAX.as_millis()
            }
        );
    }

    #[test]
    fn converts_into_an_invalid_request_of_create_transcript() {
        let error: crate::Error = TranscriptError::NoUtterances.into();
        assert_eq!(error.operation(), Some("create_transcript"));
        assert_eq!(
            error.to_string(),
            "`create_transcript`: invalid request: a transcript needs at least one utterance"
        );
    }

    #[test]
    fn batch_read_input_lists_the_user_ids() {
        let body = BatchInputPublicObjectId::new([1001, 1002]);
        let ids: Vec<_> = body.inputs.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["1001", "1002"]);
    }
}
