//! The macros generated code calls: [`endpoint_methods!`](crate::endpoint_methods) (the inherent
//! methods of a request builder) and [`open_enum!`](crate::open_enum) (a forward-compatible
//! enum). Both name everything through `$crate::`, so they work in any crate that depends on this
//! one (a user's own `build.rs` output included).

/// The inherent methods of a request builder that implements
/// [`rt::Endpoint`](crate::rt::Endpoint), so users call `.send().await` without importing
/// anything.
///
/// ```text
/// endpoint_methods!(Builder -> Output);                    // every builder
/// endpoint_methods!(Builder -> Output, paged Item);        // also rt::CursorPaged (Item: of a page)
/// endpoint_methods!(Builder -> Output, chunked);           // also rt::Chunked
/// ```
///
/// `Output` must be the builder's `Endpoint::Output` (the compiler checks); it is repeated so
/// the documentation shows the type.
///
/// Every builder gets `send`, `build_request`, `parse_response`, `with_header`, `with_timeout`,
/// `with_retry_policy`, `with_credential`, `with_access_token` and `with_options`; `paged` adds
/// `stream`, `pages`, `starting_after`, `max_pages` and `max_items`; `chunked` adds
/// `send_chunked`. Parameter setters must not use these names. The macro also implements
/// [`rt::HasContext`](crate::rt::HasContext): the builder keeps its
/// [`rt::Context`](crate::rt::Context) in a field named `ctx`.
#[macro_export]
macro_rules! endpoint_methods {
    (@core $builder:ident, $output:ty) => {
        impl $crate::rt::HasContext for $builder {
            fn context(&self) -> &$crate::rt::Context {
                &self.ctx
            }

            fn context_mut(&mut self) -> &mut $crate::rt::Context {
                &mut self.ctx
            }
        }

        impl $builder {
            /// Sends the request and decodes the response.
            ///
            /// # Errors
            /// Before anything is sent: `Error::InvalidRequest` (a parameter or option that
            /// cannot be sent) and `Error::MissingCredential`. After: `Error::Api` and
            /// `Error::RateLimited` (HubSpot's answer), `Error::Transport`, `Error::Decode`,
            /// `Error::UnexpectedContentType`.
            pub async fn send(self) -> $crate::rt::Result<$output> {
                $crate::rt::endpoint::send(self).await
            }

            /// Builds the HTTP request (URL, credentials, headers and body) without sending it,
            /// for use with any HTTP stack; decode the answer with
            /// [`parse_response`](Self::parse_response). The URL may hold the developer API key:
            /// do not log it.
            ///
            /// # Errors
            /// `Error::InvalidRequest` and `Error::MissingCredential`, as `send`.
            pub fn build_request(
                &self,
            ) -> $crate::rt::Result<$crate::rt::http::Request<::std::vec::Vec<u8>>> {
                $crate::rt::endpoint::build_request(self)
            }

            /// Decodes a response to a request made with
            /// [`build_request`](Self::build_request).
            ///
            /// # Errors
            /// The error the response stands for (`Error::Api`, `Error::RateLimited`), or why its
            /// body does not decode.
            pub fn parse_response<B: ::std::convert::Into<$crate::rt::bytes::Bytes>>(
                response: $crate::rt::http::Response<B>,
            ) -> $crate::rt::Result<$output> {
                $crate::rt::endpoint::parse_response::<Self, B>(response)
            }

            /// Adds a header to this request (e.g. `Prefer`). It replaces a client default
            /// header of the same name; operation parameters, credentials and `Content-Type`
            /// win over it. An invalid name or value makes `send` fail with
            /// `Error::InvalidRequest` before anything is sent.
            pub fn with_header(
                self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                $crate::rt::endpoint::with_header(self, name.into(), value.into())
            }

            /// The timeout of each attempt of this request (from sending to the end of the
            /// response body), instead of the client's.
            pub fn with_timeout(self, timeout: ::std::time::Duration) -> Self {
                $crate::rt::endpoint::with_timeout(self, timeout)
            }

            /// The retry policy of this request, instead of the client's.
            pub fn with_retry_policy(self, policy: $crate::rt::RetryPolicy) -> Self {
                $crate::rt::endpoint::with_retry_policy(self, policy)
            }

            /// Authenticates this request with this kind of credential only, whatever order
            /// the operation's spec lists its schemes in (e.g. the access token for a
            /// calling-app settings operation that prefers the developer API key).
            pub fn with_credential(self, kind: $crate::rt::CredentialKind) -> Self {
                $crate::rt::endpoint::with_credential(self, kind)
            }

            /// Sends this request with `token` as its access token (`Authorization: Bearer`),
            /// instead of the client's, and prefers the access token where the spec lists
            /// another credential first (unless `with_credential` says otherwise). The token is
            /// kept as secret as configured ones: never in `Debug`, errors or logs.
            pub fn with_access_token(
                self,
                token: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                $crate::rt::endpoint::with_access_token(self, token.into())
            }

            /// Applies per-request options built once: what `options` sets wins over what was
            /// set before, its headers are added.
            pub fn with_options(self, options: $crate::rt::RequestOptions) -> Self {
                $crate::rt::endpoint::with_options(self, |current| current.merge(options))
            }
        }
    };
    (@paged $builder:ident, $item:ty) => {
        impl $builder {
            /// Every item across all pages, as a stream: sends this request, yields the items
            /// of its page, and follows the next-page cursor until there is none.
            ///
            /// Pages are fetched one at a time, when the items of the previous page are
            /// consumed, and the stream yields to the executor between pages. An error ends
            /// the stream after it is yielded; a cursor the server repeats, or a run of empty
            /// pages that each point to a next one, ends it with `Error::Paging`.
            pub fn stream(self) -> $crate::rt::ItemStream<$item> {
                $crate::rt::endpoint::stream(self)
            }

            /// Every page, as a stream of `rt::Page`s (items and the cursor of the next page):
            /// save a page's cursor to resume later with
            /// [`starting_after`](Self::starting_after). Ends as [`stream`](Self::stream) does.
            pub fn pages(self) -> $crate::rt::PageStream<$item> {
                $crate::rt::endpoint::pages(self)
            }

            /// Starts at the page after `cursor` (a page's `next`, saved earlier).
            pub fn starting_after(
                self,
                cursor: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                $crate::rt::endpoint::starting_after(self, cursor.into())
            }

            /// Stops [`stream`](Self::stream) and [`pages`](Self::pages) after `pages` pages
            /// (they end normally).
            pub fn max_pages(self, pages: u64) -> Self {
                $crate::rt::endpoint::max_pages(self, pages)
            }

            /// Stops [`stream`](Self::stream) after `items` items, and
            /// [`pages`](Self::pages) after the page that reaches `items` (pages are yielded
            /// whole, so their cursors stay valid to resume from).
            pub fn max_items(self, items: u64) -> Self {
                $crate::rt::endpoint::max_items(self, items)
            }
        }
    };
    (@chunked $builder:ident, $output:ty) => {
        impl $builder {
            /// Sends the inputs in chunks of at most the API's limit for one request, one
            /// request per chunk, in order, and returns one `rt::Chunk` per request with the
            /// range of inputs it carried and its result. Every input is in exactly one chunk,
            /// so nothing is dropped: a chunk that failed as a whole keeps its error and its
            /// input range, and the following chunks are still sent. No inputs, no requests.
            pub async fn send_chunked(self) -> ::std::vec::Vec<$crate::rt::Chunk<$output>> {
                $crate::rt::endpoint::send_chunked(self).await
            }
        }
    };
    ($builder:ident -> $output:ty) => {
        $crate::rt::endpoint_methods!(@core $builder, $output);
    };
    ($builder:ident -> $output:ty, paged $item:ty) => {
        $crate::rt::endpoint_methods!(@core $builder, $output);
        $crate::rt::endpoint_methods!(@paged $builder, $item);
    };
    ($builder:ident -> $output:ty, chunked) => {
        $crate::rt::endpoint_methods!(@core $builder, $output);
        $crate::rt::endpoint_methods!(@chunked $builder, $output);
    };
}

/// A forward-compatible enum of HubSpot values: the known values as variants, and a last
/// catch-all variant (named by the caller, usually `Other`) that keeps any other value as sent,
/// so a new server value never breaks decoding.
///
/// The input reads as the enum itself: each known variant with its wire value as its
/// "discriminant", the catch-all holding `String` (string values) or an integer type (integer
/// values). Attributes on the enum and the variants are kept, so `#[derive(Default)]` on the enum
/// and `#[default]` on a variant give the spec's default. Each known variant is documented with
/// its wire value (`` `HUBSPOT_DEFINED` ``), so the input need not repeat it.
///
/// The enum derives `Debug, Clone, PartialEq, Eq, Hash` and gets `as_str()` (strings) or
/// `value()` (integers), `From<&str>` or `From<integer>`, `FromStr`, `Display`, `Serialize`,
/// `Deserialize` and `rt::ParamValue`.
///
/// ```
/// hubspot_calling::open_enum! {
///     /// The category of association.
///     #[derive(Default)]
///     pub enum AssociationCategory {
///         #[default]
///         HubspotDefined = "HUBSPOT_DEFINED",
///         UserDefined = "USER_DEFINED",
///         /// A value this version of the crate does not know, kept as sent.
///         Other(String),
///     }
/// }
///
/// let known: AssociationCategory = serde_json::from_str(r#""USER_DEFINED""#).unwrap();
/// assert_eq!(known, AssociationCategory::UserDefined);
/// let unknown: AssociationCategory = serde_json::from_str(r#""NEW_KIND""#).unwrap();
/// assert_eq!(unknown, AssociationCategory::Other("NEW_KIND".into()));
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""NEW_KIND""#);
/// assert_eq!(AssociationCategory::default().as_str(), "HUBSPOT_DEFINED");
///
/// hubspot_calling::open_enum! {
///     /// How urgent a call is.
///     pub enum Priority {
///         Low = 1,
///         VMinus1 = -1,
///         /// A value this version of the crate does not know, kept as sent.
///         Other(i64),
///     }
/// }
///
/// assert_eq!(serde_json::from_str::<Priority>("-1").unwrap(), Priority::VMinus1);
/// assert_eq!("7".parse::<Priority>().unwrap(), Priority::Other(7));
/// ```
#[macro_export]
macro_rules! open_enum {
    // The whole enum in one pass (no variant-by-variant recursion, so any number of variants
    // stays far below the recursion limit): the known variants, as `Variant value`, the
    // catch-all, as `Other Type`, and the body as written, handed to the rule of its kind.
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $(= $value:literal)? $(($other:ident))? ),*
            $(,)?
        }
    ) => {
        $crate::open_enum!(
            @emit [$(#[$meta])*] [$vis] $name
            [$( $($variant $value)? )*]
            [$( $($variant $other)? )*]
            {
                $(
                    $(#[doc = concat!("`", $value, "`")])?
                    $(#[$vmeta])*
                    $variant $(($other))?,
                )*
            }
        );
    };
    // The catch-all holds a string: string values.
    (
        @emit [$($meta:tt)*] [$vis:vis] $name:ident
        [$($variant:ident $value:literal)*]
        [$other:ident String]
        { $($body:tt)* }
    ) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($body)*
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::rt::serde::Serialize for $name {
            fn serialize<S: $crate::rt::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::rt::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::rt::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(Self::from(::std::convert::AsRef::<str>::as_ref(&value)))
            }
        }

        impl $crate::rt::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }
    };
    // The catch-all holds an integer: integer values.
    (
        @emit [$($meta:tt)*] [$vis:vis] $name:ident
        [$($variant:ident $value:literal)*]
        [$other:ident $int:ident]
        { $($body:tt)* }
    ) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($body)*
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn value(&self) -> $int {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$other(value) => *value,
                }
            }
        }

        impl ::std::convert::From<$int> for $name {
            fn from(value: $int) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$other(other),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<$int>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::rt::serde::Serialize for $name {
            fn serialize<S: $crate::rt::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::rt::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> $crate::rt::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::rt::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <$int as $crate::rt::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::rt::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.value())
            }
        }
    };
}
