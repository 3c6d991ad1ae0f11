//! How a builder's `encode` writes its request body: the runtime call for the body's media type
//! (`json_body`, `form_body` with the spec's `encoding` of the properties that set one, or
//! `text_body` with the media type, `bytes_body` with the media type, or the parts of a multipart body and
//! `multipart_body`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Body, BodyMedia, FormStyle, MultipartPart, PartKind};

/// The call that writes `body` (an expression of a reference to the body value) into `request`;
/// it returns `rt::Result<()>`.
pub(super) fn send(body: &Body, value: &TokenStream) -> TokenStream {
    match &body.media {
        BodyMedia::Json => quote! { request.json_body(#value) },
        BodyMedia::Form(encodings) => {
            let encodings = encodings.iter().map(|e| {
                let property = &e.property;
                let style = match e.style {
                    FormStyle::Form => quote! { Form },
                    FormStyle::SpaceDelimited => quote! { SpaceDelimited },
                    FormStyle::PipeDelimited => quote! { PipeDelimited },
                    FormStyle::DeepObject => quote! { DeepObject },
                };
                let explode = e.explode;
                quote! {
                    rt::FormEncoding { property: #property, style: rt::FormStyle::#style, explode: #explode }
                }
            });
            quote! { request.form_body(#value, &[#(#encodings),*]) }
        }
        BodyMedia::Text(media) => quote! { request.text_body(#media, #value) },
        BodyMedia::Bytes(media) => quote! { request.bytes_body(#media, #value) },
        BodyMedia::Multipart(parts) => multipart(parts, value),
    }
}

/// A block that adds one part per property of `value` (an expression of a reference to the
/// body struct) to an `rt::Multipart` and sends it: optional fields only when set, arrays one
/// part per item.
fn multipart(parts: &[MultipartPart], value: &TokenStream) -> TokenStream {
    let adds = parts.iter().map(|part| {
        let field = super::ident(&part.field);
        let name = &part.property;
        let content_type = match &part.content_type {
            Some(media) => quote! { Some(#media) },
            None => quote! { None },
        };
        let add = match part.kind {
            PartKind::File => quote! { parts.file(#name, v, #content_type); },
            PartKind::Text => quote! { parts.text(#name, v, #content_type); },
            PartKind::Json => quote! { parts.json(#name, v, #content_type); },
        };
        match (part.optional, part.repeated) {
            (true, _) => quote! { if let Some(v) = &value.#field { #add } },
            (false, true) => quote! { for v in &value.#field { #add } },
            (false, false) => quote! { let v = &value.#field; #add },
        }
    });
    quote! {
        {
            let value = #value;
            let mut parts = rt::Multipart::new();
            #(#adds)*
            request.multipart_body(&parts)
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::send;
    use crate::ir::{Body, BodyMedia, FormEncoding, FormStyle, Ty};

    fn body(media: BodyMedia) -> Body {
        Body {
            ty: Ty::Named("B".into()),
            limits: Vec::new(),
            required: true,
            doc: String::new(),
            media,
        }
    }

    #[test]
    fn json_and_form_bodies_call_their_encoder() {
        let value = quote! { &self.body };
        assert_eq!(
            send(&body(BodyMedia::Json), &value).to_string(),
            quote! { request.json_body(&self.body) }.to_string()
        );
        assert_eq!(
            send(&body(BodyMedia::Form(Vec::new())), &value).to_string(),
            quote! { request.form_body(&self.body, &[]) }.to_string()
        );
        assert_eq!(
            send(
                &body(BodyMedia::Text("text/plain; charset=utf-8".into())),
                &value
            )
            .to_string(),
            quote! { request.text_body("text/plain; charset=utf-8", &self.body) }.to_string()
        );
        let encoded = send(
            &body(BodyMedia::Form(vec![FormEncoding {
                property: "tags".into(),
                style: FormStyle::PipeDelimited,
                explode: false,
            }])),
            &value,
        )
        .to_string();
        assert!(
            encoded.contains(
                &quote! { rt::FormEncoding { property: "tags", style: rt::FormStyle::PipeDelimited, explode: false } }
                    .to_string()
            ),
            "{encoded}"
        );
    }
}
